using CommunityFund.Web.Features.Contests.Scoring;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

/// <summary>Small builders for scoring tests: readable ids and sheets made from a total.</summary>
internal static class ScoringKit
{
    public static readonly Rubric DefaultRubric = Rubric.Default();
    public static readonly DateTimeOffset Opened = new(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Guid whose order follows n (Guid compares its first int field first).</summary>
    public static Guid Id(int n) => new(n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static ContestProposal Proposal(int n, int submittedMinutesAfterOpening = 0, decimal requested = 10_000m) =>
        new(Id(n), Opened.AddMinutes(submittedMinutesAfterOpening), requested);

    /// <summary>A submitted sheet whose criterion scores add up to <paramref name="total"/>, filled criterion by criterion.</summary>
    public static ScoreSheetScores Sheet(int judge, int proposal, decimal total, bool submitted = true)
    {
        var scores = new Dictionary<string, decimal>();
        var left = total;
        foreach (var c in DefaultRubric.Criteria)
        {
            var s = Math.Min(c.MaxPoints, left);
            scores[c.Id] = s;
            left -= s;
        }
        if (left != 0) throw new ArgumentOutOfRangeException(nameof(total));
        return new(Id(judge), Id(proposal), scores, submitted);
    }

    public static readonly IReadOnlySet<JudgeConflict> NoConflicts = new HashSet<JudgeConflict>();
    public static readonly IReadOnlyDictionary<Guid, int> NoVotes = new Dictionary<Guid, int>();

    public static ContestResults Aggregate(
        IReadOnlyList<ContestProposal> proposals,
        IReadOnlyList<ScoreSheetScores> sheets,
        IReadOnlySet<JudgeConflict>? conflicts = null,
        IReadOnlyDictionary<Guid, int>? votes = null,
        AggregationRules? rules = null) =>
        ContestAggregation.Aggregate(DefaultRubric, proposals, sheets, conflicts ?? NoConflicts, votes ?? NoVotes, rules ?? AggregationRules.Default);

    public static ProposalResult For(this ContestResults results, int proposal) => results.Ranking.Single(r => r.ProposalId == Id(proposal));
}
