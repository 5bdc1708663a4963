namespace CommunityFund.Web.Infrastructure.Audit;

public enum ChainBreakKind
{
    /// <summary>The row with this sequence number is gone (deleted).</summary>
    Missing,
    /// <summary>The row's content no longer matches its hash (edited).</summary>
    Altered,
    /// <summary>The row's link to the previous row does not match that row's hash (an earlier row was rewritten).</summary>
    Relinked,
}

public sealed record ChainBreak(long Sequence, ChainBreakKind Kind);

/// <summary>What walking a chain found: how many rows, the head's sequence and hash, and the first broken row if any.</summary>
public sealed record ChainVerification(long Rows, long HeadSequence, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>Walks the current tenant's chain from the first row to the head, recomputing every hash and link.</summary>
public static class AuditChainCheck
{
    public static async Task<ChainVerification> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
        long expected = 1, rows = 0;
        var previous = "";
        ChainBreak? broken = null;
        await foreach (var row in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            rows++;
            if (broken is null)
            {
                if (row.Sequence != expected) broken = new ChainBreak(expected, ChainBreakKind.Missing);
                else if (row.PreviousHash != previous) broken = new ChainBreak(row.Sequence, ChainBreakKind.Relinked);
                else if (AuditHash.Of(row) != row.Hash) broken = new ChainBreak(row.Sequence, ChainBreakKind.Altered);
            }
            previous = row.Hash;
            expected = row.Sequence + 1;
        }
        var head = await db.Set<AuditChainHead>().AsNoTracking().SingleOrDefaultAsync(ct);
        var headSequence = head?.Sequence ?? 0;
        if (broken is null && headSequence >= expected) broken = new ChainBreak(expected, ChainBreakKind.Missing); // rows cut off the end
        else if (broken is null && head is not null && head.Hash != previous) broken = new ChainBreak(headSequence, ChainBreakKind.Altered);
        return new ChainVerification(rows, headSequence, head?.Hash ?? "", broken);
    }
}
