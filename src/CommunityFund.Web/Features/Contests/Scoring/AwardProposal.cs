namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>A committee or secretariat decision to award less than requested. The reason is mandatory and published with the award.</summary>
public sealed record AwardCut(Guid ProposalId, decimal Amount, string Reason);

public enum AwardProblemCode { BudgetNegative, RequestedNotPositive, CutForUnknownProposal, DuplicateCut, CutNotPositive, CutTooManyDecimals, CutAboveRequested, CutWithoutReason }

public sealed record AwardProblem(AwardProblemCode Code, Guid? ProposalId)
{
    public string MessageKey => "Contests.Award." + Code;
}

public enum AwardOutcome { Awarded, AwardedWithCut, DoesNotFit }

/// <summary>One ranked proposal in the award proposal. <see cref="Amount"/> is 0 when it does not fit.</summary>
public sealed record AwardLine(Guid ProposalId, int Rank, decimal Requested, decimal Amount, AwardOutcome Outcome, string? CutReason);

/// <summary>The proposed awards, or the problems that refused them (then <see cref="Lines"/> is empty).</summary>
public sealed record AwardPlan(decimal TotalBudget, IReadOnlyList<AwardLine> Lines, IReadOnlyList<AwardProblem> Problems)
{
    public bool IsRefused => Problems.Count > 0;
    public decimal Awarded => Lines.Sum(l => l.Amount);
    public decimal Remaining => TotalBudget - Awarded;
}

/// <summary>
/// Greedy award within the contest budget: walk the ranking and award each proposal its requested amount (or its
/// cut amount) while it fits in what is left; one that does not fit is skipped and the walk goes on, so a smaller
/// proposal further down may still be funded. Any bad cut refuses the whole proposal, nothing is half-applied.
/// </summary>
public static class AwardProposal
{
    public static AwardPlan Propose(IReadOnlyList<ProposalResult> ranking, decimal totalBudget, IReadOnlyCollection<AwardCut>? cuts = null)
    {
        cuts ??= [];
        var problems = new List<AwardProblem>();
        if (totalBudget < 0) problems.Add(new(AwardProblemCode.BudgetNegative, null));
        var byId = ranking.ToDictionary(r => r.ProposalId);
        problems.AddRange(ranking.Where(r => r.RequestedAmount <= 0).Select(r => new AwardProblem(AwardProblemCode.RequestedNotPositive, r.ProposalId)));

        var cutById = new Dictionary<Guid, AwardCut>();
        foreach (var cut in cuts)
        {
            if (!byId.TryGetValue(cut.ProposalId, out var result)) { problems.Add(new(AwardProblemCode.CutForUnknownProposal, cut.ProposalId)); continue; }
            if (!cutById.TryAdd(cut.ProposalId, cut)) { problems.Add(new(AwardProblemCode.DuplicateCut, cut.ProposalId)); continue; }
            if (cut.Amount <= 0) problems.Add(new(AwardProblemCode.CutNotPositive, cut.ProposalId));
            else if (cut.Amount != Math.Round(cut.Amount, 2)) problems.Add(new(AwardProblemCode.CutTooManyDecimals, cut.ProposalId));
            else if (cut.Amount > result.RequestedAmount) problems.Add(new(AwardProblemCode.CutAboveRequested, cut.ProposalId));
            if (string.IsNullOrWhiteSpace(cut.Reason)) problems.Add(new(AwardProblemCode.CutWithoutReason, cut.ProposalId));
        }
        if (problems.Count > 0) return new(totalBudget, [], problems);

        var lines = new List<AwardLine>(ranking.Count);
        var remaining = totalBudget;
        foreach (var result in ranking.OrderBy(r => r.Rank).ThenBy(r => r.ProposalId))
        {
            var cut = cutById.GetValueOrDefault(result.ProposalId);
            var amount = cut?.Amount ?? result.RequestedAmount;
            if (amount <= remaining)
            {
                remaining -= amount;
                lines.Add(new(result.ProposalId, result.Rank, result.RequestedAmount, amount,
                    cut is null ? AwardOutcome.Awarded : AwardOutcome.AwardedWithCut, cut?.Reason.Trim()));
            }
            else
            {
                lines.Add(new(result.ProposalId, result.Rank, result.RequestedAmount, 0m, AwardOutcome.DoesNotFit, cut?.Reason.Trim()));
            }
        }
        return new(totalBudget, lines, []);
    }
}
