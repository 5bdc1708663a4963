namespace CommunityFund.Web.Kernel.Awards;

/// <param name="OpenObjections">Objections to the award list not yet answered by the committee.</param>
/// <param name="Ended">The public notice is over (or the contest is final).</param>
/// <param name="EndsAt">When the notice ends, while the contest is in its public notice; null otherwise.</param>
public sealed record NoticeState(int OpenObjections, bool Ended, DateTimeOffset? EndsAt);

/// <summary>
/// What the contest says still holds money back from an award (DESIGN §4 Award, §5 Disbursement): the public notice
/// and its objections, and the documents owed under 容缺受理. Grants ask before a tranche is requested or paid and word
/// the refusals themselves. Implemented by the contest area, which owns notices, objections and commitments.
/// </summary>
public interface IAwardHolds
{
    Task<NoticeState> NoticeAsync(Guid contestId, CancellationToken ct = default);

    /// <summary>True when the organisation has a commitment whose due date is before <paramref name="today"/> and whose document never came.</summary>
    Task<bool> HasOverdueCommitmentAsync(Guid organisationId, DateOnly today, CancellationToken ct = default);

    /// <summary>True when the proposal has a commitment not yet supplied, overdue or not.</summary>
    Task<bool> HasOutstandingCommitmentAsync(Guid proposalId, CancellationToken ct = default);
}
