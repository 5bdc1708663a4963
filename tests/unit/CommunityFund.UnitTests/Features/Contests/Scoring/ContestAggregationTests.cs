using CommunityFund.Web.Features.Contests.Scoring;
using static CommunityFund.UnitTests.Features.Contests.Scoring.ScoringKit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class ContestAggregationTests
{
    // Worked by hand:
    //   P1: 90, 85, 80, 75, 60 → drop 90 and 60 → expert 80;  30 votes → resident 50
    //   P2: 70, 72.5, 75, 77.5, 95 → drop 70 and 95 → expert 75;  60 votes → resident 100
    //   P3: 88, 86, 84, 82 (four judges, no trimming) → expert 85;  15 votes → resident 25
    private static readonly ContestProposal[] Proposals = [Proposal(1), Proposal(2), Proposal(3)];

    private static readonly ScoreSheetScores[] Sheets =
    [
        Sheet(1, 1, 90m), Sheet(2, 1, 85m), Sheet(3, 1, 80m), Sheet(4, 1, 75m), Sheet(5, 1, 60m),
        Sheet(1, 2, 70m), Sheet(2, 2, 72.5m), Sheet(3, 2, 75m), Sheet(4, 2, 77.5m), Sheet(5, 2, 95m),
        Sheet(1, 3, 88m), Sheet(2, 3, 86m), Sheet(3, 3, 84m), Sheet(4, 3, 82m),
    ];

    private static readonly Dictionary<Guid, int> Votes = new() { [Id(1)] = 30, [Id(2)] = 60, [Id(3)] = 15 };

    private static AggregationRules Weights(decimal expert, decimal resident) => AggregationRules.Default with { Weights = new(expert, resident) };

    [Fact]
    public void Expert_score_is_the_trimmed_mean_of_judge_totals_and_the_plain_mean_below_five_judges()
    {
        var results = Aggregate(Proposals, Sheets, votes: Votes);

        Assert.Equal(80m, results.For(1).ExpertScore);
        Assert.Equal(75m, results.For(2).ExpertScore);
        Assert.Equal(85m, results.For(3).ExpertScore);
    }

    [Fact]
    public void Resident_score_is_votes_over_the_most_votes_times_100()
    {
        var results = Aggregate(Proposals, Sheets, votes: Votes);

        Assert.Equal([50m, 100m, 25m], new[] { 1, 2, 3 }.Select(p => results.For(p).ResidentScore));
        Assert.Equal([30, 60, 15], new[] { 1, 2, 3 }.Select(p => results.For(p).Votes));
    }

    [Fact]
    public void Resident_score_is_zero_when_nobody_voted()
    {
        var results = Aggregate(Proposals, Sheets, votes: new Dictionary<Guid, int> { [Id(1)] = 0 });

        Assert.All(results.Ranking, r => Assert.Equal(0m, r.ResidentScore));
        Assert.Equal(64m, results.For(1).FinalScore);   // 80 × 0.8 + 0
    }

    [Theory]
    [InlineData(80, 20, 74, 80, 73, new[] { 2, 1, 3 })]   // 80×.8+50×.2 = 74; 75×.8+100×.2 = 80; 85×.8+25×.2 = 73
    [InlineData(100, 0, 80, 75, 85, new[] { 3, 1, 2 })]
    [InlineData(0, 100, 50, 100, 25, new[] { 2, 1, 3 })]
    [InlineData(50, 50, 65, 87.5, 55, new[] { 2, 1, 3 })]
    [InlineData(70.5, 29.5, 71.15, 82.375, 67.3, new[] { 2, 1, 3 })]
    public void Final_score_is_the_weighted_sum_of_expert_and_resident_scores(
        double expert, double resident, double final1, double final2, double final3, int[] expectedOrder)
    {
        var results = Aggregate(Proposals, Sheets, votes: Votes, rules: Weights((decimal)expert, (decimal)resident));

        Assert.Equal(TrimmedMean.Round((decimal)final1), results.For(1).FinalScore);
        Assert.Equal(TrimmedMean.Round((decimal)final2), results.For(2).FinalScore);
        Assert.Equal(TrimmedMean.Round((decimal)final3), results.For(3).FinalScore);
        Assert.Equal(expectedOrder.Select(Id), results.Ranking.Select(r => r.ProposalId));
        Assert.Equal([1, 2, 3], results.Ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Final_score_is_rounded_once_from_the_unrounded_expert_score()
    {
        // Expert = (80 + 80.5 + 80 + 80) / 4 = 80.125 → shown as 80.13; final at 50/50 = 40.0625 → 40.06.
        // Rounding the expert score first would give 80.13 / 2 = 40.065 → 40.07.
        var results = Aggregate([Proposal(1)], [Sheet(1, 1, 80m), Sheet(2, 1, 80.5m), Sheet(3, 1, 80m), Sheet(4, 1, 80m)], rules: Weights(50m, 50m));

        Assert.Equal(80.13m, results.For(1).ExpertScore);
        Assert.Equal(40.06m, results.For(1).FinalScore);
    }

    [Fact]
    public void Conflicted_judges_are_excluded_from_that_proposal_even_if_they_scored_before_the_conflict_was_recorded()
    {
        // Judge 6 scored P1 100 and P2 75, then a conflict with P1 was recorded.
        ScoreSheetScores[] sheets = [.. Sheets, Sheet(6, 1, 100m), Sheet(6, 2, 75m)];
        var conflicts = new HashSet<JudgeConflict> { new(Id(6), Id(1)) };

        var withConflict = Aggregate(Proposals, sheets, conflicts, Votes);
        var withoutConflict = Aggregate(Proposals, sheets, votes: Votes);

        Assert.Equal(80m, withConflict.For(1).ExpertScore);                       // as if judge 6 never scored P1
        Assert.Equal(82.5m, withoutConflict.For(1).ExpertScore);                  // (90 + 85 + 80 + 75) / 4 with judge 6 counted
        Assert.Equal([Id(6)], withConflict.For(1).ExcludedConflictedJudges);
        Assert.DoesNotContain(withConflict.For(1).Judges, j => j.JudgeId == Id(6));
        // The conflict is per proposal: judge 6's sheet for P2 still counts (70, 72.5, 75, 75, 77.5, 95 → 75).
        Assert.Contains(withConflict.For(2).Judges, j => j.JudgeId == Id(6));
        Assert.Equal(1, withConflict.Judges.Single(j => j.JudgeId == Id(6)).ProposalsCounted);
    }

    [Fact]
    public void A_conflicted_judge_whose_exclusion_drops_the_panel_below_five_turns_trimming_off()
    {
        var results = Aggregate(Proposals, Sheets, new HashSet<JudgeConflict> { new(Id(5), Id(1)) }, Votes);

        Assert.Equal(82.5m, results.For(1).ExpertScore);   // (90 + 85 + 80 + 75) / 4
    }

    [Fact]
    public void Draft_sheets_do_not_count()
    {
        ScoreSheetScores[] sheets = [.. Sheets, Sheet(6, 1, 0m, submitted: false), Sheet(7, 3, 10m, submitted: false)];

        var results = Aggregate(Proposals, sheets, votes: Votes);

        Assert.Equal(80m, results.For(1).ExpertScore);
        Assert.Equal(85m, results.For(3).ExpertScore);
        Assert.DoesNotContain(results.Judges, j => j.JudgeId == Id(6) || j.JudgeId == Id(7));
    }

    [Fact]
    public void Each_judge_deviation_is_the_total_minus_the_mean_of_the_counted_totals()
    {
        var p1 = Aggregate(Proposals, Sheets, votes: Votes).For(1);

        Assert.Equal(
            new[] { (Id(1), 90m, 10m, false), (Id(2), 85m, 5m, true), (Id(3), 80m, 0m, true), (Id(4), 75m, -5m, true), (Id(5), 60m, -20m, false) },
            p1.Judges.Select(j => (j.JudgeId, j.Total, j.Deviation, j.Counted)));
    }

    [Fact]
    public void Of_tied_extreme_totals_exactly_one_sheet_is_marked_as_dropped_at_each_end()
    {
        var p = Aggregate([Proposal(1)], [Sheet(1, 1, 90m), Sheet(2, 1, 90m), Sheet(3, 1, 80m), Sheet(4, 1, 70m), Sheet(5, 1, 70m)]).For(1);

        Assert.Equal(80m, p.ExpertScore);
        Assert.Equal([true, false, true, false, true], p.Judges.Select(j => j.Counted));
    }

    [Fact]
    public void A_proposal_no_judge_scored_has_no_expert_score_and_only_its_resident_points()
    {
        var results = Aggregate([.. Proposals, Proposal(4)], Sheets, votes: new Dictionary<Guid, int>(Votes) { [Id(4)] = 60 });

        Assert.Null(results.For(4).ExpertScore);
        Assert.Equal(20m, results.For(4).FinalScore);   // 0 × 0.8 + 100 × 0.2
        Assert.Equal(4, results.For(4).Rank);
    }

    [Fact]
    public void A_judge_far_from_the_panel_on_two_proposals_is_flagged()
    {
        // Judges 1–4 give 78, 82, 76, 84 everywhere (mean 80, sample σ ≈ 3.65); judge 5 gives 60 on P1 and P2, 80 on P3.
        ContestProposal[] proposals = [Proposal(1), Proposal(2), Proposal(3)];
        var sheets = new[] { 1, 2, 3 }.SelectMany(p => new[]
        {
            Sheet(1, p, 78m), Sheet(2, p, 82m), Sheet(3, p, 76m), Sheet(4, p, 84m), Sheet(5, p, p == 3 ? 80m : 60m),
        }).ToList();

        var results = Aggregate(proposals, sheets);

        var judge5 = results.Judges.Single(j => j.JudgeId == Id(5));
        Assert.Equal((3, 2, true), (judge5.ProposalsCounted, judge5.ProposalsOutsidePanel, judge5.Flagged));
        Assert.All(results.Judges.Where(j => j.JudgeId != Id(5)), j => Assert.Equal((0, false), (j.ProposalsOutsidePanel, j.Flagged)));
        var onP1 = results.For(1).Judges.Single(j => j.JudgeId == Id(5));
        Assert.True(onP1.OutsidePanel);
        Assert.Equal(5.48m, onP1.DeviationsFromPanel);   // 20 / √(40/3)
        Assert.False(results.For(3).Judges.Single(j => j.JudgeId == Id(5)).OutsidePanel);

        var needsThree = Aggregate(proposals, sheets, rules: AggregationRules.Default with { OutlierMinimumProposals = 3 });
        Assert.False(needsThree.Judges.Single(j => j.JudgeId == Id(5)).Flagged);
    }

    [Theory]
    [InlineData(82, false)]     // others 79, 80, 81: mean 80, sample σ 1; 82 is exactly 2σ away, not more
    [InlineData(82.5, true)]
    [InlineData(78, false)]
    [InlineData(77.5, true)]
    public void Outside_the_panel_means_strictly_more_than_two_standard_deviations_from_the_other_judges(double total, bool outside)
    {
        var p = Aggregate([Proposal(1)], [Sheet(1, 1, 79m), Sheet(2, 1, 80m), Sheet(3, 1, 81m), Sheet(4, 1, (decimal)total)]).For(1);

        var judge4 = p.Judges.Single(j => j.JudgeId == Id(4));
        Assert.Equal(outside, judge4.OutsidePanel);
        Assert.Equal(Math.Abs((decimal)total - 80m), judge4.DeviationsFromPanel);
    }

    [Fact]
    public void When_the_rest_of_the_panel_agrees_exactly_any_difference_is_outside_it()
    {
        var p = Aggregate([Proposal(1)], [Sheet(1, 1, 80m), Sheet(2, 1, 80m), Sheet(3, 1, 80.5m)]).For(1);

        Assert.Equal([false, false, true], p.Judges.Select(j => j.OutsidePanel));
        Assert.Null(p.Judges.Single(j => j.JudgeId == Id(3)).DeviationsFromPanel);
    }

    [Fact]
    public void With_fewer_than_two_other_judges_nobody_is_outside_the_panel()
    {
        var p = Aggregate([Proposal(1)], [Sheet(1, 1, 10m), Sheet(2, 1, 100m)]).For(1);

        Assert.All(p.Judges, j => Assert.False(j.OutsidePanel));
    }

    [Fact]
    public void Invalid_sheets_rules_or_votes_are_refused()
    {
        var aboveMax = new ScoreSheetScores(Id(1), Id(1), new Dictionary<string, decimal> { ["need"] = 26m, ["feasibility"] = 20m, ["budget"] = 15m, ["innovation"] = 10m, ["sustainability"] = 10m });

        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, [aboveMax]));
        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, Sheets, rules: Weights(80m, 30m)));
        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, Sheets, rules: AggregationRules.Default with { TrimWhenAtLeast = 2 }));
        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, [Sheet(1, 1, 80m), Sheet(1, 1, 70m)]));
        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, [Sheet(1, 9, 80m)]));
        Assert.Throws<ArgumentException>(() => Aggregate(Proposals, Sheets, votes: new Dictionary<Guid, int> { [Id(1)] = -1 }));
    }

    [Theory]
    [InlineData(80, 20)]
    [InlineData(0, 100)]
    [InlineData(100, 0)]
    public void Weights_summing_to_100_are_valid(double expert, double resident) =>
        Assert.Empty((AggregationRules.Default with { Weights = new((decimal)expert, (decimal)resident) }).Validate());

    [Fact]
    public void Every_kind_of_bad_rule_has_its_own_problem()
    {
        var rules = new AggregationRules(new ScoreWeights(-10m, 100m), TrimWhenAtLeast: 2, OutlierStandardDeviations: 0m, OutlierMinimumProposals: 0);

        Assert.Equal(
            [RulesProblemCode.WeightNegative, RulesProblemCode.WeightsNotHundred, RulesProblemCode.TrimThresholdBelowMinimum, RulesProblemCode.OutlierDeviationsNotPositive, RulesProblemCode.OutlierProposalsBelowOne],
            rules.Validate().Select(p => p.Code));
    }
}
