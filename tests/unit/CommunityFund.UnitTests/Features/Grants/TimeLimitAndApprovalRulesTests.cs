using FsCheck;
using FsCheck.Xunit;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.TimeLimits;

namespace CommunityFund.UnitTests.Features.Grants;

public class WorkingCalendarTests
{
    // 2026-09-30 is a Wednesday; 1–7 October is the National Day holiday in this calendar.
    private static readonly WorkingCalendar NationalDay = new(Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d)));

    [Fact]
    public void Weekends_are_skipped()
    {
        var friday = new DateOnly(2026, 11, 20);
        Assert.Equal(new DateOnly(2026, 11, 23), WorkingCalendar.WeekendsOnly.AddWorkingDays(friday, 1)); // Monday
        Assert.Equal(new DateOnly(2026, 11, 27), WorkingCalendar.WeekendsOnly.AddWorkingDays(friday, 5));
        Assert.Equal(0, WorkingCalendar.WeekendsOnly.WorkingDaysElapsed(friday, new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void Holidays_are_skipped_too()
    {
        var wednesday = new DateOnly(2026, 9, 30);
        Assert.Equal(new DateOnly(2026, 10, 8), NationalDay.AddWorkingDays(wednesday, 1));
        Assert.Equal(new DateOnly(2026, 10, 9), NationalDay.AddWorkingDays(wednesday, 2));
        Assert.Equal(new DateOnly(2026, 10, 12), NationalDay.AddWorkingDays(wednesday, 3)); // over the weekend of 10–11 Oct
    }

    [Fact]
    public void A_weekend_day_worked_in_exchange_counts_as_a_working_day()
    {
        // National Day 1–7 October, with Saturday 10 October worked in exchange (调休上班).
        var withMakeUp = new WorkingCalendar(Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d)), [new DateOnly(2026, 10, 10)]);
        var friday = new DateOnly(2026, 10, 9);
        Assert.True(withMakeUp.IsWorkingDay(new DateOnly(2026, 10, 10)));
        Assert.False(withMakeUp.IsWorkingDay(new DateOnly(2026, 10, 11)));
        Assert.Equal(new DateOnly(2026, 10, 10), withMakeUp.AddWorkingDays(friday, 1));   // the worked Saturday
        Assert.Equal(new DateOnly(2026, 10, 12), NationalDay.AddWorkingDays(friday, 1));   // without it: Monday
        // A one-day step started on Friday is red on Monday with the worked Saturday, on Tuesday without it.
        Assert.Equal((new DateOnly(2026, 10, 10), new DateOnly(2026, 10, 12)), TimeLimitRule.Thresholds(withMakeUp, friday, 1));
        Assert.Equal((new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 13)), TimeLimitRule.Thresholds(NationalDay, friday, 1));
    }

    [Theory]
    [InlineData("2026-10-09", TimeLimitState.Green)]   // 3 working days: 30 Sep, 8 Oct, 9 Oct
    [InlineData("2026-10-11", TimeLimitState.Green)]   // Sunday: still 3
    [InlineData("2026-10-12", TimeLimitState.Yellow)]  // 4 of 5 = 80%
    [InlineData("2026-10-13", TimeLimitState.Yellow)]  // the due day is on time
    [InlineData("2026-10-14", TimeLimitState.Red)]     // 6 of 5
    public void A_five_day_step_started_before_national_day_changes_colour_on_the_right_working_day(string today, TimeLimitState expected) =>
        Assert.Equal(expected, TimeLimitRule.StateOn(NationalDay, new DateOnly(2026, 9, 29), 5, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Property(MaxTest = 300)]
    public void Elapsed_working_days_invert_AddWorkingDays(PositiveInt n, int offset)
    {
        var start = new DateOnly(2026, 1, 1).AddDays(Math.Abs(offset % 365));
        var due = NationalDay.AddWorkingDays(start, n.Get % 60);
        Assert.Equal(n.Get % 60, NationalDay.WorkingDaysElapsed(start, due));
        Assert.True(n.Get % 60 == 0 || NationalDay.IsWorkingDay(due));
    }

    [Property(MaxTest = 300)]
    public void The_state_changes_exactly_on_the_threshold_days(PositiveInt limit, int offset)
    {
        var l = 1 + limit.Get % 30;
        var start = new DateOnly(2026, 1, 1).AddDays(Math.Abs(offset % 365));
        var (yellow, red) = TimeLimitRule.Thresholds(NationalDay, start, l);
        Assert.Equal(TimeLimitState.Green, TimeLimitRule.StateOn(NationalDay, start, l, yellow.AddDays(-1)));
        Assert.Equal(TimeLimitState.Yellow, TimeLimitRule.StateOn(NationalDay, start, l, yellow));
        Assert.NotEqual(TimeLimitState.Red, TimeLimitRule.StateOn(NationalDay, start, l, red.AddDays(-1)));
        Assert.Equal(TimeLimitState.Red, TimeLimitRule.StateOn(NationalDay, start, l, red));
    }
}

public class ApprovalPolicyTests
{
    private static readonly Guid Preparer = Guid.NewGuid(), A = Guid.NewGuid(), B = Guid.NewGuid(), Chair = Guid.NewGuid();

    [Theory]
    [InlineData("5000.00", 1, false)]
    [InlineData("5000.01", 2, false)]
    [InlineData("50000.00", 2, false)]
    [InlineData("50000.01", 2, true)]
    [InlineData("0.01", 1, false)]
    public void Each_amount_needs_its_tier(string amount, int approvals, bool chair) =>
        Assert.Equal(new ApprovalRequirement(approvals, chair),
            ApprovalPolicy.Default.RequirementFor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Exactly_the_required_number_satisfies_and_the_preparer_never_counts()
    {
        var two = new ApprovalRequirement(2, false);
        Assert.False(MakerChecker.IsSatisfied(two, Preparer, [new(A, false)]));
        Assert.False(MakerChecker.IsSatisfied(two, Preparer, [new(A, false), new(A, false)]));
        Assert.False(MakerChecker.IsSatisfied(two, Preparer, [new(A, false), new(Preparer, false)]));
        Assert.True(MakerChecker.IsSatisfied(two, Preparer, [new(A, false), new(B, false)]));
        var withChair = new ApprovalRequirement(2, true);
        Assert.False(MakerChecker.IsSatisfied(withChair, Preparer, [new(A, false), new(B, false)]));
        Assert.True(MakerChecker.IsSatisfied(withChair, Preparer, [new(A, false), new(Chair, true)]));
    }

    [Fact]
    public void The_preparer_and_a_conflicted_member_may_not_approve()
    {
        var conflicted = new HashSet<Guid> { B };
        Assert.Equal(ApprovalRefusal.PreparerCannotApprove, MakerChecker.MayApprove(Preparer, true, Preparer, conflicted, []));
        Assert.Equal(ApprovalRefusal.ConflictedCannotApprove, MakerChecker.MayApprove(B, true, Preparer, conflicted, []));
        Assert.Equal(ApprovalRefusal.NotCommittee, MakerChecker.MayApprove(A, false, Preparer, conflicted, []));
        Assert.Equal(ApprovalRefusal.AlreadyDecided, MakerChecker.MayApprove(A, true, Preparer, conflicted, [A]));
        Assert.Equal(ApprovalRefusal.None, MakerChecker.MayApprove(A, true, Preparer, conflicted, []));
    }

    [Fact]
    public void Bad_tier_tables_are_refused()
    {
        Assert.Empty(ApprovalPolicy.Default.Validate());
        Assert.Contains(ApprovalProblemCode.NoTiers, new ApprovalPolicy([]).Validate());
        Assert.Contains(ApprovalProblemCode.LastTierBounded, new ApprovalPolicy([new(5000m, 1, false)]).Validate());
        Assert.Contains(ApprovalProblemCode.TiersNotAscending, new ApprovalPolicy([new(5000m, 1, false), new(4000m, 2, false), new(null, 2, false)]).Validate());
        Assert.Contains(ApprovalProblemCode.ApprovalsBelowOne, new ApprovalPolicy([new(null, 0, false)]).Validate());
        Assert.Contains(ApprovalProblemCode.ApprovalsFewerThanBelow, new ApprovalPolicy([new(5000m, 2, false), new(null, 1, false)]).Validate());
    }
}
