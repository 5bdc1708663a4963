using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// Holds e-mails back until the database work that caused them is durable: a message queued inside a transaction goes
/// out when that transaction commits and is dropped when it rolls back or fails (or is simply never committed, e.g. a
/// retried unit of work); a message queued outside any transaction goes out after the next successful SaveChanges.
/// One singleton interceptor on <see cref="AppDbContext"/>; the queue is kept per context instance.
/// </summary>
public sealed class AfterCommitMail(ILogger<AfterCommitMail> logger) : IDbTransactionInterceptor, ISaveChangesInterceptor
{
    private sealed record Item(Guid? TransactionId, Func<CancellationToken, Task> Send, string Description);

    private readonly ConditionalWeakTable<DbContext, List<Item>> _queues = new();

    public void Enqueue(DbContext db, Func<CancellationToken, Task> send, string description)
    {
        var queue = _queues.GetOrCreateValue(db);
        lock (queue) queue.Add(new Item(db.Database.CurrentTransaction?.TransactionId, send, description));
    }

    /// <summary>How many messages wait for <paramref name="db"/>'s work to be committed.</summary>
    public int PendingFor(DbContext db)
    {
        if (!_queues.TryGetValue(db, out var queue)) return 0;
        lock (queue) return queue.Count;
    }

    private List<Item> Take(DbContext? db, Guid? transactionId)
    {
        if (db is null || !_queues.TryGetValue(db, out var queue)) return [];
        lock (queue)
        {
            var taken = queue.Where(i => i.TransactionId == transactionId).ToList();
            queue.RemoveAll(i => i.TransactionId == transactionId);
            return taken;
        }
    }

    private async Task SendAsync(List<Item> items)
    {
        foreach (var item in items)
        {
            // The work is committed: a failed e-mail must not turn it into an error (the inbox row is there).
            try { await item.Send(CancellationToken.None); }
            catch (Exception ex) { logger.LogError(ex, "Could not send {Mail}", item.Description); }
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await SendAsync(Take(eventData.Context, eventData.TransactionId));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        SendAsync(Take(eventData.Context, eventData.TransactionId)).GetAwaiter().GetResult();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Take(eventData.Context, eventData.TransactionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Take(eventData.Context, eventData.TransactionId);

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null) await SendAsync(Take(db, null));
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction is null) SendAsync(Take(db, null)).GetAwaiter().GetResult();
        return result;
    }
}
