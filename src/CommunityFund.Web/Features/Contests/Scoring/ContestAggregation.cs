namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>A proposal as aggregation and award need it.</summary>
public sealed record ContestProposal(Guid Id, DateTimeOffset FirstSubmittedAt, decimal RequestedAmount);

/// <summary>A judge's declared (or secretariat-recorded) conflict with a proposal.</summary>
public readonly record struct JudgeConflict(Guid JudgeId, Guid ProposalId);

/// <summary>
/// One counted judge on one proposal, as the secretariat's results page shows it.
/// <see cref="Deviation"/> = total − mean of the counted totals (the unrounded expert score), rounded.
/// <see cref="Counted"/> is false for the sheet dropped as highest or lowest (among equal totals, the lowest is
/// taken from the smallest judge id and the highest from the largest, so the choice is stable).
/// <see cref="DeviationsFromPanel"/> is |total − mean of the other judges| / their standard deviation, null when
/// fewer than two other judges scored or they all gave the same total.
/// </summary>
public sealed record JudgeDeviation(
    Guid JudgeId,
    decimal Total,
    decimal Deviation,
    bool Counted,
    decimal? DeviationsFromPanel,
    bool OutsidePanel);

/// <summary>
/// The scores of one proposal. <see cref="ExpertScore"/>, <see cref="ResidentScore"/> and <see cref="FinalScore"/>
/// are rounded to 2 decimals; the final score is computed from the unrounded parts. A proposal no judge counted
/// has no expert score and contributes 0 expert points to its final score.
/// </summary>
public sealed record ProposalResult(
    Guid ProposalId,
    DateTimeOffset FirstSubmittedAt,
    decimal RequestedAmount,
    decimal? ExpertScore,
    int Votes,
    decimal ResidentScore,
    decimal FinalScore,
    IReadOnlyList<JudgeDeviation> Judges,
    IReadOnlyList<Guid> ExcludedConflictedJudges,
    int Rank);

/// <summary>A judge across the contest: on how many proposals their total sat outside the panel, and whether that flags them.</summary>
public sealed record JudgeStanding(Guid JudgeId, int ProposalsCounted, int ProposalsOutsidePanel, bool Flagged);

public sealed record ContestResults(IReadOnlyList<ProposalResult> Ranking, IReadOnlyList<JudgeStanding> Judges);

/// <summary>
/// Turns submitted judge sheets and resident votes into the contest ranking (DESIGN §4, Aggregation).
/// Raw scores are only read, never altered. Bad input here is a programming error (the pages validate first),
/// so it throws rather than returning problems.
/// </summary>
public static class ContestAggregation
{
    public static ContestResults Aggregate(
        Rubric rubric,
        IReadOnlyList<ContestProposal> proposals,
        IReadOnlyList<ScoreSheetScores> sheets,
        IReadOnlySet<JudgeConflict> conflicts,
        IReadOnlyDictionary<Guid, int> residentVotes,
        AggregationRules rules)
    {
        Require(rubric.Validate().Count == 0, "The rubric is invalid: " + string.Join(", ", rubric.Validate().Select(p => p.Code)));
        Require(rules.Validate().Count == 0, "The aggregation rules are invalid: " + string.Join(", ", rules.Validate().Select(p => p.Code)));
        Require(proposals.Select(p => p.Id).Distinct().Count() == proposals.Count, "A proposal is listed twice.");
        var proposalIds = proposals.Select(p => p.Id).ToHashSet();
        foreach (var (id, votes) in residentVotes)
        {
            Require(proposalIds.Contains(id), $"Votes for proposal {id}, which is not in the contest.");
            Require(votes >= 0, $"Negative vote count for proposal {id}.");
        }

        var submitted = sheets.Where(s => s.IsSubmitted).ToList();
        foreach (var sheet in submitted)
        {
            Require(proposalIds.Contains(sheet.ProposalId), $"A sheet for proposal {sheet.ProposalId}, which is not in the contest.");
            var problems = sheet.Validate(rubric);
            Require(problems.Count == 0, $"Judge {sheet.JudgeId}'s sheet for {sheet.ProposalId} is invalid: " + string.Join(", ", problems.Select(p => $"{p.CriterionId} {p.Code}")));
        }
        Require(submitted.Select(s => (s.JudgeId, s.ProposalId)).Distinct().Count() == submitted.Count, "A judge has two submitted sheets for one proposal.");

        var maxVotes = proposals.Max(p => (int?)VotesOf(p.Id)) ?? 0;
        var outsideCount = new Dictionary<Guid, (int Counted, int Outside)>();
        var unranked = new List<ProposalResult>(proposals.Count);

        foreach (var proposal in proposals)
        {
            var forProposal = submitted.Where(s => s.ProposalId == proposal.Id).ToList();
            // Invariant 7: a conflicted judge's scores never count, even if entered before the conflict was recorded.
            var excluded = forProposal.Where(s => conflicts.Contains(new(s.JudgeId, proposal.Id))).Select(s => s.JudgeId).Order().ToList();
            var eligible = forProposal.Where(s => !conflicts.Contains(new(s.JudgeId, proposal.Id)))
                .OrderBy(s => s.Total).ThenBy(s => s.JudgeId).ToList();

            var trimmed = eligible.Count >= rules.TrimWhenAtLeast;
            var counted = trimmed ? eligible.GetRange(1, eligible.Count - 2) : eligible;
            var expert = TrimmedMean.Unrounded(eligible.Select(s => s.Total).ToList(), rules.TrimWhenAtLeast);

            var judges = new List<JudgeDeviation>(eligible.Count);
            foreach (var sheet in eligible)
            {
                var others = eligible.Where(s => s.JudgeId != sheet.JudgeId).Select(s => s.Total).ToList();
                var (outside, deviations) = PanelDistance(sheet.Total, others, rules.OutlierStandardDeviations);
                judges.Add(new(sheet.JudgeId, sheet.Total, TrimmedMean.Round(sheet.Total - expert!.Value), counted.Contains(sheet), deviations, outside));
                var tally = outsideCount.GetValueOrDefault(sheet.JudgeId);
                outsideCount[sheet.JudgeId] = (tally.Counted + 1, tally.Outside + (outside ? 1 : 0));
            }

            var votes = VotesOf(proposal.Id);
            var resident = maxVotes == 0 ? 0m : votes * 100m / maxVotes;
            var final = (expert ?? 0m) * rules.Weights.Expert / 100m + resident * rules.Weights.Resident / 100m;
            unranked.Add(new(proposal.Id, proposal.FirstSubmittedAt, proposal.RequestedAmount,
                expert is { } e ? TrimmedMean.Round(e) : null, votes, TrimmedMean.Round(resident), TrimmedMean.Round(final),
                judges.OrderBy(j => j.JudgeId).ToList(), excluded, Rank: 0));
        }

        var standings = outsideCount
            .Select(kv => new JudgeStanding(kv.Key, kv.Value.Counted, kv.Value.Outside, kv.Value.Outside >= rules.OutlierMinimumProposals))
            .OrderBy(s => s.JudgeId).ToList();
        return new(ProposalRanking.Rank(unranked), standings);

        int VotesOf(Guid id) => residentVotes.GetValueOrDefault(id);
    }

    /// <summary>
    /// Whether <paramref name="total"/> lies more than k standard deviations from the other judges' totals on the
    /// proposal (their mean and sample standard deviation). The judge is left out of the reference on purpose: with
    /// the judge included, a lone dissenter among five could never exceed 2 SD (Samuelson's inequality bounds it by
    /// √(n−1)); the sample (n−1) deviation keeps a two- or three-judge reference from looking tighter than it is.
    /// The test is exact in decimal, with no square root: for the others' count n, sum S and sum of squares Q,
    /// |x − S/n| &gt; k·s ⇔ (n−1)·(n·x − S)² &gt; k²·n·(n·Q − S²). When the others agree exactly (s = 0), any difference is outside.
    /// </summary>
    private static (bool Outside, decimal? Deviations) PanelDistance(decimal total, IReadOnlyList<decimal> others, decimal k)
    {
        if (others.Count < 2) return (false, null);
        decimal n = others.Count;
        var sum = others.Sum();
        var spread = n * others.Sum(x => x * x) - sum * sum;   // n·(n−1)·s²
        var offset = n * total - sum;                           // n·(x − mean)
        var outside = (n - 1) * offset * offset > k * k * n * spread;
        // |x − mean| / s = |offset| / n / √(spread / (n·(n−1))) = |offset| · √((n−1) / (n · spread)); display only.
        decimal? deviations = spread == 0m
            ? null
            : TrimmedMean.Round(Math.Abs(offset) * DecimalMath.Sqrt((n - 1) / (n * spread)));
        return (outside, deviations);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
