namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>Expert and resident weights in percent; they must sum to 100 (e.g. 80/20).</summary>
public sealed record ScoreWeights(decimal Expert, decimal Resident)
{
    public static ScoreWeights Default { get; } = new(80m, 20m);
}

public enum RulesProblemCode { WeightNegative, WeightsNotHundred, TrimThresholdBelowMinimum, OutlierDeviationsNotPositive, OutlierProposalsBelowOne }

public sealed record RulesProblem(RulesProblemCode Code)
{
    public string MessageKey => "Contests.Rules." + Code;
}

/// <summary>
/// The contest's aggregation settings. A judge's total is "outside the panel" on a proposal when it is more than
/// <see cref="OutlierStandardDeviations"/> standard deviations from the other judges' totals there; a judge is
/// flagged when that happens on at least <see cref="OutlierMinimumProposals"/> proposals.
/// </summary>
public sealed record AggregationRules(
    ScoreWeights Weights,
    int TrimWhenAtLeast = TrimmedMean.DefaultTrimWhenAtLeast,
    decimal OutlierStandardDeviations = 2m,
    int OutlierMinimumProposals = 2)
{
    public static AggregationRules Default { get; } = new(ScoreWeights.Default);

    public IReadOnlyList<RulesProblem> Validate()
    {
        var problems = new List<RulesProblem>();
        if (Weights.Expert < 0 || Weights.Resident < 0) problems.Add(new(RulesProblemCode.WeightNegative));
        if (Weights.Expert + Weights.Resident != 100m) problems.Add(new(RulesProblemCode.WeightsNotHundred));
        if (TrimWhenAtLeast < TrimmedMean.MinimumTrimWhenAtLeast) problems.Add(new(RulesProblemCode.TrimThresholdBelowMinimum));
        if (OutlierStandardDeviations <= 0) problems.Add(new(RulesProblemCode.OutlierDeviationsNotPositive));
        if (OutlierMinimumProposals < 1) problems.Add(new(RulesProblemCode.OutlierProposalsBelowOne));
        return problems;
    }
}
