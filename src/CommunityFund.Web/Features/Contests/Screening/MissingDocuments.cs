using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// What is still owed under 容缺受理. The grants module asks here before money moves: nothing is paid to an
/// organisation with an overdue commitment, nor for a proposal with an outstanding one.
/// </summary>
public static class MissingDocuments
{
    /// <summary>True when the organisation has a commitment whose due date is before <paramref name="today"/> and whose document never came.</summary>
    public static Task<bool> HasOverdueAsync(AppDbContext db, Guid organisationId, DateOnly today, CancellationToken ct) =>
        db.Set<MissingDocumentCommitment>().AnyAsync(c => c.OrganisationId == organisationId && c.SuppliedAt == null && c.DueDate < today, ct);

    /// <summary>True when the proposal has a commitment not yet supplied, overdue or not.</summary>
    public static Task<bool> HasOutstandingAsync(AppDbContext db, Guid proposalId, CancellationToken ct) =>
        db.Set<MissingDocumentCommitment>().AnyAsync(c => c.ProposalId == proposalId && c.SuppliedAt == null, ct);
}
