namespace CommunityFund.Web.Kernel.Sources;

/// <summary>The page that shows a source document, and the document's id in that page's route (under <see cref="RouteKey"/>).</summary>
public sealed record SourceDocumentPage(string Page, string Id, string RouteKey = "id")
{
    public SourceDocumentPage(string page, Guid id, string routeKey = "id") : this(page, id.ToString(), routeKey) { }

    public Dictionary<string, string> RouteValues(string tenant) => new() { ["tenant"] = tenant, [RouteKey] = Id };
}

/// <summary>
/// Where a journal entry's source document can be read. A posting stores only the source's type name and id; each
/// area that posts implements this for the types it owns (registered in its AddX()), so the journal links a voucher to
/// its tranche, claim, donation or transfer without importing the area that owns it.
/// </summary>
public interface ISourceDocumentPages
{
    /// <summary>The page for this source, or null when the type is not this area's or the document is not in this tenant.</summary>
    Task<SourceDocumentPage?> FindAsync(string sourceType, Guid id, CancellationToken ct);
}

/// <summary>An approval request behind a posting and the decisions on it, for the voucher that shows who authorised it.</summary>
public sealed record ApprovalTrailItem(Guid RequestId, ApprovalKind Kind, ApprovalStatus Status, string Summary, decimal Amount,
    IReadOnlyList<ApprovalTrailDecision> Decisions);

public sealed record ApprovalTrailDecision(Guid ApproverId, bool Approved, bool WasChair, DateTimeOffset At);

public static class SourceDocuments
{
    /// <summary>The first area's page for a source, if any area owns it.</summary>
    public static async Task<SourceDocumentPage?> PageAsync(IEnumerable<ISourceDocumentPages> areas, string sourceType, Guid id, CancellationToken ct)
    {
        foreach (var area in areas)
            if (await area.FindAsync(sourceType, id, ct) is { } page) return page;
        return null;
    }

    /// <summary>The approval requests whose subject is this source document (a tranche, claim, transfer or project), oldest first.</summary>
    public static async Task<IReadOnlyList<ApprovalTrailItem>> ApprovalsAsync(AppDbContext db, Guid subjectId, CancellationToken ct)
    {
        var requests = await db.Set<ApprovalRequest>().AsNoTracking().Where(r => r.SubjectId == subjectId).OrderBy(r => r.PreparedAt)
            .Select(r => new { r.Id, r.Kind, r.Status, r.Summary, r.Amount }).ToListAsync(ct);
        if (requests.Count == 0) return [];
        var ids = requests.Select(r => r.Id).ToList();
        var decisions = (await db.Set<ApprovalDecision>().AsNoTracking().Where(d => ids.Contains(d.RequestId)).OrderBy(d => d.DecidedAt)
            .Select(d => new { d.RequestId, d.ApproverId, d.Approved, d.ApproverWasChair, d.DecidedAt }).ToListAsync(ct))
            .ToLookup(d => d.RequestId);
        return requests.Select(r => new ApprovalTrailItem(r.Id, r.Kind, r.Status, r.Summary, r.Amount,
            decisions[r.Id].Select(d => new ApprovalTrailDecision(d.ApproverId, d.Approved, d.ApproverWasChair, d.DecidedAt)).ToList())).ToList();
    }
}
