using CommunityFund.Web.Features.Contests.Scoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CommunityFund.UnitTests.Features.Contests.Scoring.ScoringKit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class AwardProposalTests
{
    private static ProposalResult Ranked(int rank, decimal requested, int? id = null) =>
        new(Id(id ?? rank), Opened, requested, 90m - rank, 0, 0m, 72m - rank, [], [], rank);

    // Requests in rank order: 40 000, 50 000, 30 000, 10 000 against a budget of 100 000.
    private static readonly ProposalResult[] Ranking = [Ranked(1, 40_000m), Ranked(2, 50_000m), Ranked(3, 30_000m), Ranked(4, 10_000m)];

    [Fact]
    public void Greedy_award_skips_a_proposal_that_does_not_fit_and_carries_on_down_the_ranking()
    {
        var plan = AwardProposal.Propose(Ranking, 100_000m);

        Assert.False(plan.IsRefused);
        Assert.Equal(
            new[] { (1, 40_000m, AwardOutcome.Awarded), (2, 50_000m, AwardOutcome.Awarded), (3, 0m, AwardOutcome.DoesNotFit), (4, 10_000m, AwardOutcome.Awarded) },
            plan.Lines.Select(l => (l.Rank, l.Amount, l.Outcome)));
        Assert.Equal(100_000m, plan.Awarded);
        Assert.Equal(0m, plan.Remaining);
    }

    [Fact]
    public void Greedy_award_walks_the_ranking_by_rank_not_by_list_order()
    {
        var plan = AwardProposal.Propose([.. Ranking.Reverse()], 50_000m);

        Assert.Equal([1, 2, 3, 4], plan.Lines.Select(l => l.Rank));
        Assert.Equal([40_000m, 0m, 0m, 10_000m], plan.Lines.Select(l => l.Amount));
    }

    [Fact]
    public void A_cut_with_a_reason_is_awarded_instead_of_the_request_and_can_make_room_further_down()
    {
        var plan = AwardProposal.Propose(Ranking, 100_000m, [new AwardCut(Id(2), 30_000m, "  设备采购单价偏高，按市场价核减  ")]);

        Assert.False(plan.IsRefused);
        Assert.Equal(
            new[] { (1, 40_000m, AwardOutcome.Awarded), (2, 30_000m, AwardOutcome.AwardedWithCut), (3, 30_000m, AwardOutcome.Awarded), (4, 0m, AwardOutcome.DoesNotFit) },
            plan.Lines.Select(l => (l.Rank, l.Amount, l.Outcome)));
        Assert.Equal("设备采购单价偏高，按市场价核减", plan.Lines[1].CutReason);
        Assert.Equal(50_000m, plan.Lines[1].Requested);
    }

    [Theory]
    [InlineData(50_000.01, "reason", AwardProblemCode.CutAboveRequested)]
    [InlineData(60_000, "reason", AwardProblemCode.CutAboveRequested)]
    [InlineData(30_000, "", AwardProblemCode.CutWithoutReason)]
    [InlineData(30_000, "   ", AwardProblemCode.CutWithoutReason)]
    [InlineData(0, "reason", AwardProblemCode.CutNotPositive)]
    [InlineData(-5, "reason", AwardProblemCode.CutNotPositive)]
    [InlineData(30_000.005, "reason", AwardProblemCode.CutTooManyDecimals)]
    public void A_bad_cut_refuses_the_whole_award_proposal(double amount, string reason, AwardProblemCode expected)
    {
        var plan = AwardProposal.Propose(Ranking, 100_000m, [new AwardCut(Id(2), (decimal)amount, reason)]);

        Assert.True(plan.IsRefused);
        Assert.Equal([new AwardProblem(expected, Id(2))], plan.Problems);
        Assert.Empty(plan.Lines);
    }

    [Fact]
    public void A_cut_equal_to_the_request_is_allowed()
    {
        var plan = AwardProposal.Propose(Ranking, 100_000m, [new AwardCut(Id(2), 50_000m, "委员会确认全额")]);
        Assert.False(plan.IsRefused);
    }

    [Fact]
    public void Cuts_for_unknown_or_already_cut_proposals_and_a_negative_budget_are_refused()
    {
        var plan = AwardProposal.Propose(Ranking, -1m, [new AwardCut(Id(9), 10m, "x"), new AwardCut(Id(1), 10m, "x"), new AwardCut(Id(1), 20m, "y")]);

        Assert.Equal(
            [new AwardProblem(AwardProblemCode.BudgetNegative, null), new AwardProblem(AwardProblemCode.CutForUnknownProposal, Id(9)), new AwardProblem(AwardProblemCode.DuplicateCut, Id(1))],
            plan.Problems);
    }

    public sealed record AwardCase(ProposalResult[] Ranking, decimal Budget, AwardCut[] Cuts)
    {
        public override string ToString() =>
            $"budget {Budget}; requests {string.Join(" ", Ranking.Select(r => $"#{r.Rank}:{r.RequestedAmount}"))}; cuts {string.Join(" ", Cuts.Select(c => $"{c.ProposalId.ToString()[..8]}:{c.Amount}"))}";
    }

    public static class AwardCases
    {
        public static Arbitrary<AwardCase> Cases()
        {
            var line =
                from fen in Gen.Choose(1, 8_000_000)
                from cutPercent in Gen.Elements(0, 0, 0, 50, 75, 99, 100)
                select (Requested: fen / 100m, CutPercent: cutPercent);
            var gen =
                from lines in Gen.ListOf(line)
                from budgetFen in Gen.Choose(0, 20_000_000)
                from order in Gen.Shuffle(Enumerable.Range(0, lines.Count).ToArray())
                let ranking = lines.Select((l, i) => Ranked(i + 1, l.Requested)).ToArray()
                let cuts = lines.Select((l, i) => (l, i))
                    .Where(x => x.l.CutPercent > 0 && Math.Round(x.l.Requested * x.l.CutPercent / 100m, 2, MidpointRounding.ToZero) > 0)
                    .Select(x => new AwardCut(Id(x.i + 1), Math.Round(x.l.Requested * x.l.CutPercent / 100m, 2, MidpointRounding.ToZero), "核减"))
                    .ToArray()
                select new AwardCase([.. order.Select(i => ranking[i])], budgetFen / 100m, cuts);
            return gen.ToArbitrary();
        }
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(AwardCases)])]
    public bool Greedy_awards_never_exceed_the_budget_and_respect_every_cut(AwardCase c)
    {
        var plan = AwardProposal.Propose(c.Ranking, c.Budget, c.Cuts);
        if (plan.IsRefused || plan.Lines.Count != c.Ranking.Length) return false;

        var remaining = c.Budget;
        foreach (var line in plan.Lines)
        {
            var cut = c.Cuts.SingleOrDefault(x => x.ProposalId == line.ProposalId);
            var due = cut?.Amount ?? line.Requested;
            var fits = due <= remaining;
            // greedy: awarded exactly what was due when it fitted, nothing when it did not
            if (line.Amount != (fits ? due : 0m)) return false;
            if (line.Amount > line.Requested) return false;
            if (fits && line.Outcome != (cut is null ? AwardOutcome.Awarded : AwardOutcome.AwardedWithCut)) return false;
            remaining -= line.Amount;
        }
        return plan.Awarded <= c.Budget
            && plan.Remaining == remaining
            && plan.Lines.Select(l => l.Rank).SequenceEqual(Enumerable.Range(1, c.Ranking.Length));
    }
}
