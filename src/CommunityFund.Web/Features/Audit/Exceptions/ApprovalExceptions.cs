namespace CommunityFund.Web.Features.Audit.Exceptions;

/// <summary>The approval component's exceptional steps: decisions taken by the chair, and advances written off.</summary>
public sealed class ApprovalExceptions(AppDbContext db) : IExceptionSource
{
    public async Task<IReadOnlyList<ExceptionRow>> ListAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var chair = await (
            from d in db.Set<ApprovalDecision>().AsNoTracking()
            join r in db.Set<ApprovalRequest>() on d.RequestId equals r.Id
            where d.ApproverWasChair && d.DecidedAt >= since && d.DecidedAt < until
            orderby d.DecidedAt descending
            select new { r.Id, d.DecidedAt, d.ApproverId, d.Approved, r.Summary, r.Amount }).Take(limit).ToListAsync(ct);
        var writeOffs = await db.Set<ApprovalRequest>().AsNoTracking()
            .Where(r => r.Kind == ApprovalKind.AdvanceWriteOff && r.Status == ApprovalStatus.Approved && r.DecidedAt >= since && r.DecidedAt < until)
            .OrderByDescending(r => r.DecidedAt).Take(limit)
            .Select(r => new { r.Id, r.DecidedAt, r.PreparedBy, r.Summary, r.Amount }).ToListAsync(ct);
        return chair.Select(c => new ExceptionRow(ExceptionKind.ChairDecision, c.DecidedAt, c.ApproverId,
                $"{(c.Approved ? "✓" : "✗")} {c.Summary} · {Formats.Money(c.Amount)}", new SourceDocumentPage("/Grants/Approvals/Requests/Detail", c.Id)))
            .Concat(writeOffs.Select(w => new ExceptionRow(ExceptionKind.AdvanceWriteOff, w.DecidedAt!.Value, w.PreparedBy,
                $"{w.Summary} · {Formats.Money(w.Amount)}", new SourceDocumentPage("/Grants/Approvals/Requests/Detail", w.Id))))
            .ToList();
    }
}
