using CommunityFund.Web.Features.Contests.Scoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CommunityFund.UnitTests.Features.Contests.Scoring.ScoringKit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class ProposalRankingTests
{
    // All five end on a final score of 74 at 80/20 (the most votes is 10):
    //   P4 expert 85, 3 votes  → 68 + 6  = 74   highest expert score
    //   P3 expert 80, 5 votes  → 64 + 10 = 74   submitted at minute 5
    //   P1 expert 80, 5 votes  → 74             submitted at minute 10, smaller id
    //   P2 expert 80, 5 votes  → 74             submitted at minute 10, larger id
    //   P5 expert 67.5, 10 votes → 54 + 20 = 74 lowest expert score
    private static readonly ContestProposal[] TiedProposals = [Proposal(1, 10), Proposal(2, 10), Proposal(3, 5), Proposal(4, 0), Proposal(5, 0)];

    private static readonly ScoreSheetScores[] TiedSheets =
    [
        .. new[] { 1, 2, 3 }.SelectMany(p => new[] { Sheet(1, p, 95m), Sheet(2, p, 85m), Sheet(3, p, 80m), Sheet(4, p, 75m), Sheet(5, p, 50m) }),
        Sheet(1, 4, 85m), Sheet(2, 4, 85m), Sheet(3, 4, 85m),
        Sheet(4, 5, 70m), Sheet(5, 5, 65m),
    ];

    private static readonly (int Proposal, int Votes)[] TiedVotes = [(1, 5), (2, 5), (3, 5), (4, 3), (5, 10)];

    private static ContestResults AggregateTied(IEnumerable<ContestProposal> proposals, IEnumerable<ScoreSheetScores> sheets, IEnumerable<(int Proposal, int Votes)> votes) =>
        Aggregate(proposals.ToList(), sheets.ToList(), votes: votes.ToDictionary(v => Id(v.Proposal), v => v.Votes));

    [Fact]
    public void Ties_on_final_score_go_to_the_higher_expert_score_then_the_earlier_first_submission_then_the_proposal_id()
    {
        var results = AggregateTied(TiedProposals, TiedSheets, TiedVotes);

        Assert.All(results.Ranking, r => Assert.Equal(74m, r.FinalScore));
        Assert.Equal([4, 3, 1, 2, 5], results.Ranking.Select(r => IndexOf(r.ProposalId)));
        Assert.Equal([1, 2, 3, 4, 5], results.Ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Ranking_is_identical_for_every_permutation_of_the_proposals_sheets_and_votes()
    {
        var permutations = Permutations(Enumerable.Range(0, TiedProposals.Length).ToArray()).ToList();
        Assert.Equal(120, permutations.Count);

        foreach (var order in permutations)
        {
            var proposals = order.Select(i => TiedProposals[i]);
            // Sheets grouped by the permuted proposal order, each group reversed; votes inserted in that order too.
            var sheets = order.SelectMany(i => TiedSheets.Where(s => s.ProposalId == TiedProposals[i].Id).Reverse());
            var votes = order.Select(i => TiedVotes[i]);

            var results = AggregateTied(proposals, sheets, votes);

            Assert.Equal([4, 3, 1, 2, 5], results.Ranking.Select(r => IndexOf(r.ProposalId)));
        }
    }

    [Fact]
    public void A_proposal_with_a_higher_final_score_ranks_first_whatever_its_expert_score()
    {
        // P1: expert 90, no votes → 72.  P2: expert 70, the most votes → 56 + 20 = 76.
        var results = Aggregate([Proposal(1), Proposal(2)], [Sheet(1, 1, 90m), Sheet(1, 2, 70m)], votes: new Dictionary<Guid, int> { [Id(2)] = 4 });

        Assert.Equal([Id(2), Id(1)], results.Ranking.Select(r => r.ProposalId));
    }

    private static int IndexOf(Guid id) => Enumerable.Range(1, 200).Single(n => Id(n) == id);

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }

    /// <summary>A generated contest and the same contest with every input list shuffled.</summary>
    public sealed record Scenario(
        ContestProposal[] Proposals, ScoreSheetScores[] Sheets, JudgeConflict[] Conflicts, (Guid Id, int Votes)[] Votes,
        ContestProposal[] ShuffledProposals, ScoreSheetScores[] ShuffledSheets, JudgeConflict[] ShuffledConflicts, (Guid Id, int Votes)[] ShuffledVotes,
        AggregationRules Rules)
    {
        public override string ToString() =>
            $"{Proposals.Length} proposals, {Sheets.Length} sheets, {Conflicts.Length} conflicts, rules {Rules}; totals " +
            string.Join(" ", Sheets.Select(s => $"{IndexOf(s.JudgeId)}→{IndexOf(s.ProposalId)}:{s.Total}{(s.IsSubmitted ? "" : "d")}")) +
            "; votes " + string.Join(" ", Votes.Select(v => $"{IndexOf(v.Id)}:{v.Votes}")) +
            "; submitted " + string.Join(" ", Proposals.Select(p => $"{IndexOf(p.Id)}@{(p.FirstSubmittedAt - Opened).TotalMinutes}"));
    }

    private sealed record Cell(bool Scored, bool Submitted, bool Conflicted, decimal Total);

    public static class Scenarios
    {
        public static Arbitrary<Scenario> Contests()
        {
            // Few distinct values on purpose, so ties on every ranking key are common.
            var cell =
                from scored in Gen.Elements(true, true, true, false)
                from submitted in Gen.Elements(true, true, true, false)
                from conflicted in Gen.Elements(false, false, false, false, true)
                from halves in Gen.Choose(150, 166)
                select new Cell(scored, submitted, conflicted, halves / 2m);

            var gen =
                from proposalCount in Gen.Choose(1, 7)
                from judgeCount in Gen.Choose(1, 7)
                from minutes in Gen.ArrayOf(Gen.Choose(0, 2), proposalCount)
                from votes in Gen.ArrayOf(Gen.Choose(0, 3), proposalCount)
                from cells in Gen.ArrayOf(cell, proposalCount * judgeCount)
                from trim in Gen.Choose(3, 6)
                from expertWeight in Gen.Elements(0m, 50m, 80m, 100m)
                let proposals = Enumerable.Range(1, proposalCount).Select(p => Proposal(p, minutes[p - 1])).ToArray()
                let grid = Enumerable.Range(0, cells.Length).Select(i => (Judge: 101 + i % judgeCount, Proposal: 1 + i / judgeCount, Cell: cells[i])).ToArray()
                let sheets = grid.Where(g => g.Cell.Scored).Select(g => Sheet(g.Judge, g.Proposal, g.Cell.Total, g.Cell.Submitted)).ToArray()
                let conflicts = grid.Where(g => g.Cell.Conflicted).Select(g => new JudgeConflict(Id(g.Judge), Id(g.Proposal))).ToArray()
                let voteList = proposals.Select((p, i) => (p.Id, votes[i])).ToArray()
                from shuffledProposals in Gen.Shuffle(proposals)
                from shuffledSheets in Gen.Shuffle(sheets)
                from shuffledConflicts in Gen.Shuffle(conflicts)
                from shuffledVotes in Gen.Shuffle(voteList)
                select new Scenario(proposals, sheets, conflicts, voteList, shuffledProposals, shuffledSheets, shuffledConflicts, shuffledVotes,
                    AggregationRules.Default with { Weights = new(expertWeight, 100m - expertWeight), TrimWhenAtLeast = trim });
            return gen.ToArbitrary();
        }
    }

    private static ContestResults Run(Scenario s, bool shuffled) =>
        Aggregate(
            shuffled ? s.ShuffledProposals : s.Proposals,
            shuffled ? s.ShuffledSheets : s.Sheets,
            (shuffled ? s.ShuffledConflicts : s.Conflicts).ToHashSet(),
            (shuffled ? s.ShuffledVotes : s.Votes).ToDictionary(v => v.Id, v => v.Votes),
            s.Rules);

    private static string Fingerprint(ContestResults r, bool withExclusions = true) =>
        string.Join(" | ", r.Ranking.Select(p =>
            $"{p.Rank}:{IndexOf(p.ProposalId)} F{p.FinalScore} E{p.ExpertScore} R{p.ResidentScore} " +
            string.Join(",", p.Judges.Select(j => $"{IndexOf(j.JudgeId)}/{j.Deviation}/{j.Counted}/{j.OutsidePanel}")) +
            (withExclusions ? " x" + string.Join(",", p.ExcludedConflictedJudges.Select(IndexOf)) : "")))
        + " || " + string.Join(",", r.Judges.Select(j => $"{IndexOf(j.JudgeId)}/{j.ProposalsOutsidePanel}/{j.Flagged}"));

    [Property(MaxTest = 300, Arbitrary = [typeof(Scenarios)])]
    public Property Ranking_is_identical_for_every_permutation_of_input_order(Scenario scenario)
    {
        var original = Fingerprint(Run(scenario, shuffled: false));
        var shuffled = Fingerprint(Run(scenario, shuffled: true));
        return (original == shuffled).Label($"original: {original}\nshuffled: {shuffled}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Scenarios)])]
    public bool Ranking_orders_by_final_then_expert_then_first_submission_then_id(Scenario scenario)
    {
        var ranking = Run(scenario, shuffled: true).Ranking;
        return ranking.Zip(ranking.Skip(1)).All(pair =>
        {
            var (a, b) = pair;
            if (a.FinalScore != b.FinalScore) return a.FinalScore > b.FinalScore;
            if (a.ExpertScore != b.ExpertScore) return (a.ExpertScore ?? -1m) > (b.ExpertScore ?? -1m);
            if (a.FirstSubmittedAt != b.FirstSubmittedAt) return a.FirstSubmittedAt < b.FirstSubmittedAt;
            return a.ProposalId.CompareTo(b.ProposalId) < 0;
        }) && ranking.Select(r => r.Rank).SequenceEqual(Enumerable.Range(1, ranking.Count));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Scenarios)])]
    public bool Scores_of_conflicted_judges_never_count(Scenario scenario)
    {
        var results = Run(scenario, shuffled: true);
        return results.Ranking.All(r => r.Judges.All(j => !scenario.Conflicts.Contains(new JudgeConflict(j.JudgeId, r.ProposalId))))
            // and removing the conflicted sheets altogether changes nothing
            && Fingerprint(results, withExclusions: false) == Fingerprint(Aggregate(
                scenario.Proposals,
                scenario.Sheets.Where(s => !scenario.Conflicts.Contains(new JudgeConflict(s.JudgeId, s.ProposalId))).ToList(),
                new HashSet<JudgeConflict>(),
                scenario.Votes.ToDictionary(v => v.Id, v => v.Votes),
                scenario.Rules), withExclusions: false);
    }
}
