namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Loads a claim for a change, after its project's row lock; 404 other tenants, 403 users who may not file on the project.</summary>
internal static class Filing
{
    public static async Task<ExpenseClaim> LockClaimAsync(AppDbContext db, ITenantContext tenant, ICurrentUser user, Guid claimId, CancellationToken ct)
    {
        // The project's row lock before the transaction's first plain read, so every read after it sees what earlier changes committed.
        await ClaimRules.LockProjectOfClaimAsync(db, tenant, claimId, ct);
        var claim = await db.Set<ExpenseClaim>().SingleOrDefaultAsync(c => c.Id == claimId, ct) ?? throw new NotFoundException("No such claim in this tenant.");
        await ClaimRules.OpenForFilingAsync(db, user, claim.ProjectId, ct);
        return claim;
    }
}
