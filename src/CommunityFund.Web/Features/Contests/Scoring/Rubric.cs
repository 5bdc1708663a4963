namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>One line of the scoring rubric, e.g. 需求性 / Need, 25 points.</summary>
public sealed record RubricCriterion(string Id, string NameZh, string NameEn, decimal MaxPoints);

public enum RubricProblemCode { NoCriteria, EmptyId, DuplicateId, MissingName, MaxNotPositive, MaxNotHalfStep, MaxPointsNotHundred }

/// <summary>A rubric mistake; <see cref="CriterionId"/> is null for problems of the rubric as a whole.</summary>
public sealed record RubricProblem(RubricProblemCode Code, string? CriterionId)
{
    public string MessageKey => "Contests.Rubric." + Code;
}

/// <summary>
/// The criteria judges score against. Maximum points sum to exactly 100 and every score is a multiple of
/// <see cref="ScoreStep"/> between 0 and the criterion's maximum ("half points allowed").
/// </summary>
public sealed class Rubric
{
    public const decimal TotalPoints = 100m;
    public const decimal ScoreStep = 0.5m;

    public Rubric(IEnumerable<RubricCriterion> criteria) => Criteria = criteria.ToList().AsReadOnly();

    public IReadOnlyList<RubricCriterion> Criteria { get; }

    public decimal MaxPointsSum => Criteria.Sum(c => c.MaxPoints);

    /// <summary>The example rubric of DESIGN §4: 需求性 25, 可行性 25, 预算合理性 20, 创新性 15, 可持续性 15.</summary>
    public static Rubric Default() => new(
    [
        new("need", "需求性", "Need", 25m),
        new("feasibility", "可行性", "Feasibility", 25m),
        new("budget", "预算合理性", "Budget soundness", 20m),
        new("innovation", "创新性", "Innovation", 15m),
        new("sustainability", "可持续性", "Sustainability", 15m),
    ]);

    public RubricCriterion? Find(string criterionId) => Criteria.FirstOrDefault(c => c.Id == criterionId);

    public IReadOnlyList<RubricProblem> Validate()
    {
        var problems = new List<RubricProblem>();
        if (Criteria.Count == 0)
        {
            problems.Add(new(RubricProblemCode.NoCriteria, null));
            return problems;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Criteria)
        {
            if (string.IsNullOrWhiteSpace(c.Id)) problems.Add(new(RubricProblemCode.EmptyId, c.Id));
            else if (!seen.Add(c.Id)) problems.Add(new(RubricProblemCode.DuplicateId, c.Id));
            if (string.IsNullOrWhiteSpace(c.NameZh) || string.IsNullOrWhiteSpace(c.NameEn)) problems.Add(new(RubricProblemCode.MissingName, c.Id));
            if (c.MaxPoints <= 0) problems.Add(new(RubricProblemCode.MaxNotPositive, c.Id));
            // A maximum off the half-point grid could never be reached by a judge.
            else if (!IsHalfStep(c.MaxPoints)) problems.Add(new(RubricProblemCode.MaxNotHalfStep, c.Id));
        }
        if (MaxPointsSum != TotalPoints) problems.Add(new(RubricProblemCode.MaxPointsNotHundred, null));
        return problems;
    }

    /// <summary>What is wrong with one score, or null when it is acceptable. Order: unknown, below 0, above max, off the half-point grid.</summary>
    public ScoreProblemCode? CheckScore(string criterionId, decimal score)
    {
        var criterion = Find(criterionId);
        if (criterion is null) return ScoreProblemCode.UnknownCriterion;
        if (score < 0) return ScoreProblemCode.BelowZero;
        if (score > criterion.MaxPoints) return ScoreProblemCode.AboveMaximum;
        if (!IsHalfStep(score)) return ScoreProblemCode.NotHalfStep;
        return null;
    }

    public static bool IsHalfStep(decimal value) => value % ScoreStep == 0m;
}
