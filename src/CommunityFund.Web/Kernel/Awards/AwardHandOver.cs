namespace CommunityFund.Web.Kernel.Awards;

/// <summary>Budget line kinds, as community budgets are usually itemised: a proposal's lines and the funded project's share them.</summary>
public enum BudgetKind { Labour = 1, Materials = 2, Venue = 3, Publicity = 4, Transport = 5, Other = 6 }

/// <summary>A budget line of the awarded proposal version.</summary>
public sealed record AwardedLine(string Item, BudgetKind Kind, decimal Subtotal);

/// <summary>A confirmed award item with money, as the secretariat picks one to turn into a project.</summary>
public sealed record ConfirmedAward(
    Guid AwardItemId, Guid ProposalId, string Contest, int ProposalNumber, string Title, string Organisation, decimal Amount, decimal Requested);

/// <summary>The proposal version the award was made on (the proposal's latest submitted version).</summary>
public sealed record AwardedVersion(int Number, string Title, DateOnly? StartDate, DateOnly? EndDate, IReadOnlyList<AwardedLine> Lines);

/// <param name="Confirmed">The award list holding the item was confirmed by the committee.</param>
/// <param name="ProposalTitle">The proposal's own title, for when the version has none.</param>
/// <param name="Version">Null when the proposal has no submitted version.</param>
public sealed record AwardHandOver(
    Guid AwardItemId, bool Confirmed, decimal Amount, Guid ContestId, Guid PayingFundId, Guid ProposalId, Guid OrganisationId, string ProposalTitle,
    AwardedVersion? Version);

/// <summary>Where a project came from, as its page names it.</summary>
public sealed record AwardOrigin(string? Contest, int? ProposalNumber);

/// <summary>
/// The award → project hand-over: what grants read about a confirmed contest award and its proposal (title,
/// organisation, contest, paying fund, approved amount, budget lines) to start a project, without reading the
/// contest's tables. Implemented by the contest area, which owns awards and proposals.
/// </summary>
public interface IAwardHandOver
{
    /// <summary>Confirmed award items with money, in contest then proposal order (with or without a project yet).</summary>
    Task<IReadOnlyList<ConfirmedAward>> ConfirmedAsync(CancellationToken ct = default);

    /// <summary>The award item and what a project takes from it, or null when the tenant has no such item.</summary>
    Task<AwardHandOver?> FindAsync(Guid awardItemId, CancellationToken ct = default);

    /// <summary>
    /// As <see cref="FindAsync"/>, after taking the award item's row lock inside the command's transaction: two
    /// secretaries starting a project from the same award run one after the other.
    /// </summary>
    Task<AwardHandOver?> LockAsync(Guid awardItemId, CancellationToken ct = default);

    /// <summary>The contest's title and the proposal's number, where the project has them.</summary>
    Task<AwardOrigin> OriginAsync(Guid? contestId, Guid? proposalId, CancellationToken ct = default);
}
