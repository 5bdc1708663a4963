using CommunityFund.Web.Features.Contests.Scoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class TrimmedMeanTests
{
    [Fact]
    public void Trimmed_mean_drops_exactly_one_highest_and_one_lowest_total()
    {
        // 95 and 60 go; (80 + 85 + 70) / 3 = 78.333… → 78.33
        Assert.Equal(78.33m, TrimmedMean.Of([80m, 95m, 60m, 85m, 70m], 5));
        Assert.Equal([70m, 80m, 85m], TrimmedMean.Counted([80m, 95m, 60m, 85m, 70m], 5));
    }

    [Fact]
    public void Trimmed_mean_drops_only_one_instance_of_a_tied_highest_and_lowest_total()
    {
        // Only one 90 and one 70 go: (90 + 80 + 70) / 3 = 80, not 80 alone.
        Assert.Equal(80m, TrimmedMean.Of([90m, 70m, 90m, 80m, 70m], 5));
        Assert.Equal([70m, 80m, 90m], TrimmedMean.Counted([90m, 70m, 90m, 80m, 70m], 5));
        // All equal: three of the five remain.
        Assert.Equal([85m, 85m, 85m], TrimmedMean.Counted([85m, 85m, 85m, 85m, 85m], 5));
    }

    [Fact]
    public void Trimmed_mean_falls_back_to_the_plain_mean_below_the_threshold()
    {
        // Four judges under the default rule of five: nothing is dropped, (100 + 50 + 85 + 75) / 4 = 77.5 …
        Assert.Equal(77.5m, TrimmedMean.Of([100m, 50m, 85m, 75m], 5));
        // … whereas with the threshold at four, 100 and 50 go: (85 + 75) / 2 = 80.
        Assert.Equal(80m, TrimmedMean.Of([100m, 50m, 85m, 75m], 4));
    }

    [Fact]
    public void Trimming_starts_exactly_at_the_threshold()
    {
        decimal[] three = [100m, 50m, 60m];
        Assert.Equal(60m, TrimmedMean.Of(three, 3));      // 100 and 50 dropped
        Assert.Equal(70m, TrimmedMean.Of(three, 4));      // (100 + 50 + 60) / 3
    }

    [Fact]
    public void No_totals_have_no_expert_score()
    {
        Assert.Null(TrimmedMean.Of([], 5));
        Assert.Null(TrimmedMean.Unrounded([], 5));
    }

    [Fact]
    public void A_single_total_is_its_own_mean()
    {
        Assert.Equal(88.5m, TrimmedMean.Of([88.5m], 3));
    }

    [Fact]
    public void The_threshold_must_be_at_least_three()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrimmedMean.Of([80m, 90m], 2));
    }

    [Fact]
    public void Trimmed_mean_rounds_half_away_from_zero_only_at_the_end()
    {
        // (80 + 80.5 + 80 + 80) / 4 = 80.125: away from zero gives 80.13 (banker's rounding would give 80.12).
        Assert.Equal(80.13m, TrimmedMean.Of([80m, 80.5m, 80m, 80m], 5));
        Assert.Equal(80.125m, TrimmedMean.Unrounded([80m, 80.5m, 80m, 80m], 5));
        // One third stays exact to decimal precision before the final rounding.
        Assert.Equal(80m + 1m / 3m, TrimmedMean.Unrounded([80m, 80.5m, 80.5m], 5));
    }

    public static class HalfPointTotals
    {
        public static Arbitrary<decimal[]> Totals() =>
            Gen.ArrayOf(Gen.Choose(0, 200).Select(halves => halves / 2m)).ToArbitrary();
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(HalfPointTotals)])]
    public bool Trimmed_mean_counts_every_total_but_one_lowest_and_one_highest_when_at_least_N(decimal[] totals, PositiveInt threshold)
    {
        var n = 3 + threshold.Get % 6;
        var counted = TrimmedMean.Counted(totals, n);
        if (totals.Length < n) return counted.Order().SequenceEqual(totals.Order());
        var removed = totals.Order().ToList();
        foreach (var t in counted) removed.Remove(t);
        return counted.Count == totals.Length - 2 && removed.Count == 2 && removed[0] == totals.Min() && removed[1] == totals.Max();
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(HalfPointTotals)])]
    public bool Trimmed_mean_lies_between_the_lowest_and_highest_total_and_ignores_input_order(decimal[] totals)
    {
        var mean = TrimmedMean.Of(totals, 5);
        if (totals.Length == 0) return mean is null;
        var reversed = totals.Reverse().ToArray();
        return mean >= totals.Min() && mean <= totals.Max() && mean == TrimmedMean.Of(reversed, 5) && mean == TrimmedMean.Of(totals.Order().ToArray(), 5);
    }
}
