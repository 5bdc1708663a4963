namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>Square root in decimal (Newton's method), so no score ever passes through a double.</summary>
public static class DecimalMath
{
    public static decimal Sqrt(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0m) return 0m;
        // Start above the root; after the first step Newton's iterates stay above it (AM ≥ GM) and fall
        // monotonically, so the first step that does not fall means decimal precision is exhausted.
        var guess = value >= 1m ? value : 1m;
        for (var i = 0; i < 200; i++)
        {
            var next = (guess + value / guess) / 2m;
            if (i > 0 && next >= guess) break;
            guess = next;
        }
        return guess;
    }
}
