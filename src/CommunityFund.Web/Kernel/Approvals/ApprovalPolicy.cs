namespace CommunityFund.Web.Kernel.Approvals;

/// <summary>One threshold row: requests up to <see cref="UpTo"/> (inclusive; null = no upper bound) need this many approvals.</summary>
public sealed record ApprovalTier(decimal? UpTo, int Approvals, bool ChairRequired);

/// <summary>What a request of a given amount needs.</summary>
public sealed record ApprovalRequirement(int Approvals, bool ChairRequired);

public enum ApprovalProblemCode { NoTiers, LastTierBounded, TiersNotAscending, ApprovalsBelowOne, ApprovalsFewerThanBelow }

/// <summary>
/// The tenant's amount thresholds (DESIGN §5): e.g. ≤ ¥5,000 one approval; ≤ ¥50,000 two; above, two including the chair.
/// Tiers ascend by amount and the last one is unbounded, so every amount has exactly one tier.
/// </summary>
public sealed class ApprovalPolicy
{
    public ApprovalPolicy(IReadOnlyList<ApprovalTier> tiers) => Tiers = tiers;

    public IReadOnlyList<ApprovalTier> Tiers { get; }

    public static ApprovalPolicy Default { get; } = new([new(5_000m, 1, false), new(50_000m, 2, false), new(null, 2, true)]);

    public IReadOnlyList<ApprovalProblemCode> Validate()
    {
        var problems = new List<ApprovalProblemCode>();
        if (Tiers.Count == 0) return [ApprovalProblemCode.NoTiers];
        if (Tiers[^1].UpTo is not null) problems.Add(ApprovalProblemCode.LastTierBounded);
        if (Tiers.Take(Tiers.Count - 1).Any(t => t.UpTo is null)
            || Tiers.Zip(Tiers.Skip(1)).Any(p => p.First.UpTo is { } a && p.Second.UpTo is { } b && b <= a))
            problems.Add(ApprovalProblemCode.TiersNotAscending);
        if (Tiers.Any(t => t.Approvals < 1)) problems.Add(ApprovalProblemCode.ApprovalsBelowOne);
        if (Tiers.Zip(Tiers.Skip(1)).Any(p => p.Second.Approvals < p.First.Approvals)) problems.Add(ApprovalProblemCode.ApprovalsFewerThanBelow);
        return problems;
    }

    public ApprovalRequirement RequirementFor(decimal amount)
    {
        var tier = Tiers.FirstOrDefault(t => t.UpTo is null || amount <= t.UpTo) ?? Tiers[^1];
        return new ApprovalRequirement(tier.Approvals, tier.ChairRequired);
    }
}

public enum ApprovalRefusal { None, PreparerCannotApprove, ConflictedCannotApprove, NotCommittee, AlreadyDecided }

/// <summary>A committee member's approval as the rule needs it.</summary>
public sealed record Approver(Guid UserId, bool IsChair);

/// <summary>
/// Maker-checker: who may approve a request, and whether its approvals are enough. The preparer never approves their
/// own request; a member with a recorded conflict with the organisation never approves its money (invariant 8).
/// </summary>
public static class MakerChecker
{
    public static ApprovalRefusal MayApprove(Guid approver, bool isCommittee, Guid preparer, IReadOnlySet<Guid> conflicted, IReadOnlyCollection<Guid> alreadyDecided)
    {
        if (approver == preparer) return ApprovalRefusal.PreparerCannotApprove;
        if (!isCommittee) return ApprovalRefusal.NotCommittee;
        if (conflicted.Contains(approver)) return ApprovalRefusal.ConflictedCannotApprove;
        if (alreadyDecided.Contains(approver)) return ApprovalRefusal.AlreadyDecided;
        return ApprovalRefusal.None;
    }

    /// <summary>Enough distinct approvers, none of them the preparer, and the chair among them when required.</summary>
    public static bool IsSatisfied(ApprovalRequirement need, Guid preparer, IReadOnlyCollection<Approver> approvals)
    {
        var valid = approvals.Where(a => a.UserId != preparer).DistinctBy(a => a.UserId).ToList();
        return valid.Count >= need.Approvals && (!need.ChairRequired || valid.Any(a => a.IsChair));
    }
}
