using CommunityFund.Web.Features.Contests.Roadshow.Schedule;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>The schedule arithmetic without a database: parsing, filling, and the checks between slots.</summary>
public class ScheduleRulesTests
{
    private static Slot At(int number, int order, string start, int minutes) =>
        new(Guid.NewGuid(), number, order, TimeOnly.ParseExact(start, "HH:mm"), minutes);

    [Theory]
    [InlineData("09:30", true)]
    [InlineData(" 9:05 ", true)]
    [InlineData("23:59", true)]
    [InlineData("24:00", false)]
    [InlineData("25:00", false)]
    [InlineData("9点半", false)]
    [InlineData("09:30:00", false)]
    [InlineData("9.30", false)]
    [InlineData("", false)]
    public void Times_are_24_hour_hours_and_minutes_only(string text, bool ok) => Assert.Equal(ok, ScheduleRules.TryTime(text, out _));

    [Theory]
    [InlineData("15", 15)]
    [InlineData(" 120 ", 120)]
    [InlineData("-5", null)]
    [InlineData("+5", null)]
    [InlineData("1.5", null)]
    [InlineData("１５", null)]
    [InlineData("", null)]
    [InlineData("99999", null)]
    public void Whole_numbers_are_plain_ascii_digits(string text, int? expected) =>
        Assert.Equal(expected, ScheduleRules.TryWhole(text, out var value) ? value : null);

    [Fact]
    public void Filling_nine_oclock_with_fifteen_minute_slots_and_five_minute_breaks_gives_twenty_minute_steps()
    {
        var starts = ScheduleRules.Fill(new TimeOnly(9, 0), 15, 5, 3);
        Assert.Equal(["09:00", "09:20", "09:40"], starts!.Select(ScheduleRules.Text));
        Assert.Equal(["22:00", "23:00"], ScheduleRules.Fill(new TimeOnly(22, 0), 60, 0, 2)!.Select(ScheduleRules.Text)); // the last ends at 24:00 exactly
        Assert.Null(ScheduleRules.Fill(new TimeOnly(22, 0), 60, 1, 2));
        Assert.Empty(ScheduleRules.Fill(new TimeOnly(9, 0), 15, 5, 0)!);
    }

    [Fact]
    public void Ranges_show_start_and_end_with_midnight_as_24_00()
    {
        Assert.Equal("09:00–09:15", ScheduleRules.Range(new TimeOnly(9, 0), 15));
        Assert.Equal("23:30–24:00", ScheduleRules.Range(new TimeOnly(23, 30), 30));
        Assert.True(ScheduleRules.EndsSameDay(new TimeOnly(23, 30), 30));
        Assert.False(ScheduleRules.EndsSameDay(new TimeOnly(23, 30), 31));
    }

    [Fact]
    public void Back_to_back_slots_in_running_order_pass()
    {
        Assert.Empty(ScheduleRules.Check([At(2, 1, "09:00", 15), At(1, 2, "09:15", 15), At(3, 3, "10:00", 120)]));
    }

    [Fact]
    public void A_long_slot_overlapping_a_later_one_is_found_even_with_a_short_one_between()
    {
        var problems = ScheduleRules.Check([At(1, 1, "09:00", 60), At(2, 2, "09:10", 10), At(3, 3, "09:30", 15)]);
        Assert.Equal([(1, 2), (1, 3)], problems.Select(p => (p.First.Number, p.Second.Number)));
        Assert.All(problems, p => Assert.Equal(ScheduleProblemCode.Overlap, p.Code));
    }

    [Fact]
    public void Duplicate_orders_are_each_reported_once_with_the_lowest_proposal_numbers()
    {
        var problems = ScheduleRules.Check([At(3, 1, "09:00", 10), At(1, 1, "09:10", 10), At(2, 1, "09:20", 10), At(4, 2, "09:30", 10)]);
        var dup = Assert.Single(problems);
        Assert.Equal((ScheduleProblemCode.DuplicateOrder, 1, 1, 2), (dup.Code, dup.First.Order, dup.First.Number, dup.Second.Number));
    }

    [Fact]
    public void Slots_out_of_running_order_are_reported_only_when_nothing_else_is_wrong()
    {
        var problem = Assert.Single(ScheduleRules.Check([At(1, 1, "10:00", 15), At(2, 2, "09:00", 15)]));
        Assert.Equal((ScheduleProblemCode.TimesNotInOrder, 1, 2), (problem.Code, problem.First.Order, problem.Second.Order));
        var overlapOnly = ScheduleRules.Check([At(1, 1, "10:00", 15), At(2, 2, "09:00", 61)]);
        Assert.Equal([ScheduleProblemCode.Overlap], overlapOnly.Select(p => p.Code));
    }
}
