namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>
/// Expert score of a proposal: with at least N judge totals, exactly one highest and one lowest are dropped
/// (ties: only one instance of each) and the rest averaged; below N, the plain mean; no totals, no score.
/// Decimal only; rounding to 2 places (away from zero) happens once, at the very end.
/// </summary>
public static class TrimmedMean
{
    public const int DefaultTrimWhenAtLeast = 5;
    public const int MinimumTrimWhenAtLeast = 3;

    /// <summary>The published value: rounded to 2 decimals, MidpointRounding.AwayFromZero.</summary>
    public static decimal? Of(IReadOnlyList<decimal> totals, int trimWhenAtLeast) =>
        Unrounded(totals, trimWhenAtLeast) is { } mean ? Round(mean) : null;

    /// <summary>The exact value, for callers that compute further with it (the weighted final score) and round once themselves.</summary>
    public static decimal? Unrounded(IReadOnlyList<decimal> totals, int trimWhenAtLeast)
    {
        var counted = Counted(totals, trimWhenAtLeast);
        return counted.Count == 0 ? null : counted.Sum() / counted.Count;
    }

    /// <summary>The totals that count, in ascending order: all of them below N, otherwise all but the first lowest and last highest.</summary>
    public static IReadOnlyList<decimal> Counted(IReadOnlyList<decimal> totals, int trimWhenAtLeast)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trimWhenAtLeast, MinimumTrimWhenAtLeast);
        var sorted = totals.Order().ToList();
        return sorted.Count >= trimWhenAtLeast ? sorted.GetRange(1, sorted.Count - 2) : sorted;
    }

    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
