using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants;

/// <summary>The grants' source documents behind journal entries: a tranche and an advance close-out show on their project's page, a claim on its own.</summary>
public sealed class GrantSourceDocuments(AppDbContext db) : ISourceDocumentPages
{
    public async Task<SourceDocumentPage?> FindAsync(string sourceType, Guid id, CancellationToken ct) => sourceType switch
    {
        TrancheSource.Type => await db.Set<Tranche>().AsNoTracking().Where(t => t.Id == id)
            .Select(t => new SourceDocumentPage("/Grants/Projects/Detail", t.ProjectId)).FirstOrDefaultAsync(ct),
        ClaimSource.Type => await db.Set<ExpenseClaim>().AnyAsync(c => c.Id == id, ct) ? new SourceDocumentPage("/Grants/Claims/Detail", id) : null,
        AdvanceCloseOut.SourceType => await db.Set<Project>().AnyAsync(p => p.Id == id, ct) ? new SourceDocumentPage("/Grants/Projects/Detail", id) : null,
        _ => null,
    };
}
