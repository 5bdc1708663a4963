namespace CommunityFund.Web.Features.Contests.Scoring;

public enum ScoreProblemCode { UnknownCriterion, BelowZero, AboveMaximum, NotHalfStep, MissingScore }

public sealed record ScoreProblem(ScoreProblemCode Code, string CriterionId, decimal? Score)
{
    public string MessageKey => "Contests.Score." + Code;
}

/// <summary>
/// The scores of one judge's score sheet (<see cref="Roadshow.ScoreSheet"/>) for one proposal, keyed by criterion id, as
/// checked against the rubric and aggregated. Only submitted sheets count in aggregation.
/// </summary>
public sealed class ScoreSheetScores
{
    public ScoreSheetScores(Guid judgeId, Guid proposalId, IReadOnlyDictionary<string, decimal> scores, bool isSubmitted = true)
    {
        JudgeId = judgeId;
        ProposalId = proposalId;
        Scores = new Dictionary<string, decimal>(scores, StringComparer.Ordinal).AsReadOnly();
        IsSubmitted = isSubmitted;
    }

    public Guid JudgeId { get; }
    public Guid ProposalId { get; }
    public IReadOnlyDictionary<string, decimal> Scores { get; }
    public bool IsSubmitted { get; }

    /// <summary>Judge total = sum of the criterion scores.</summary>
    public decimal Total => Scores.Values.Sum();

    /// <summary>
    /// Every score checked against the rubric (one problem per bad score). A draft may leave criteria blank;
    /// a submitted sheet must score every criterion.
    /// </summary>
    public IReadOnlyList<ScoreProblem> Validate(Rubric rubric)
    {
        var problems = new List<ScoreProblem>();
        foreach (var (criterionId, score) in Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (rubric.CheckScore(criterionId, score) is { } code) problems.Add(new(code, criterionId, score));
        }
        if (IsSubmitted)
        {
            foreach (var c in rubric.Criteria.Where(c => !Scores.ContainsKey(c.Id)))
                problems.Add(new(ScoreProblemCode.MissingScore, c.Id, null));
        }
        return problems;
    }
}
