namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>The ledger's exceptional steps for the auditor: reversals (each names the entry it reverses).</summary>
public sealed class LedgerExceptions(AppDbContext db) : IExceptionSource
{
    public async Task<IReadOnlyList<ExceptionRow>> ListAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var entries = db.Set<JournalEntry>().AsNoTracking();
        var reversals = await (
            from r in entries
            join o in entries on r.ReversesEntryId equals o.Id
            where r.PostedAt >= since && r.PostedAt < until
            orderby r.PostedAt descending
            select new { r.Id, r.Number, r.PostedAt, r.AuthorId, r.Description, Original = o.Number }).Take(limit).ToListAsync(ct);
        return reversals.Select(r => new ExceptionRow(ExceptionKind.Reversal, r.PostedAt, r.AuthorId, $"#{r.Number} ← #{r.Original} · {r.Description}",
            new SourceDocumentPage("/Ledger/Journal/Entry", r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
    }
}
