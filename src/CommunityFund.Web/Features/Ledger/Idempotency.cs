using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MySqlConnector;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>A command the client sends with a key it generated (a hidden field rendered with the form).</summary>
public interface IIdempotentCommand
{
    string IdempotencyKey { get; }
}

/// <summary>
/// Same key, same content → the first result, once. Same key, other content → refused. The key row is inserted
/// first inside the command's transaction, so a concurrent duplicate waits on it and then reads the committed result.
/// </summary>
public sealed class Idempotency(AppDbContext db, ITenantContext tenant, TimeProvider clock, IStringLocalizer<LedgerResource> l)
{
    private sealed class Stored
    {
        public string RequestHash { get; set; } = "";
        public string? Result { get; set; }
    }

    public async Task<T> RunAsync<T>(IIdempotentCommand command, Func<Task<T>> work, CancellationToken ct = default)
    {
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        var key = command.IdempotencyKey;
        var hash = Fingerprint(command);
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO IdempotencyRecords (TenantId, `Key`, RequestHash, CreatedAt) VALUES ({tenantId}, {key}, {hash}, {clock.GetUtcNow().UtcDateTime})", ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            // A locking read sees the committed row even if this transaction's snapshot is older.
            var stored = await db.Database.SqlQuery<Stored>(
                $"SELECT RequestHash, Result FROM IdempotencyRecords WHERE TenantId = {tenantId} AND `Key` = {key} LOCK IN SHARE MODE").SingleAsync(ct);
            if (stored.RequestHash != hash || stored.Result is null) throw LedgerRefusal.Create(l["Idempotency.KeyReused"]);
            return JsonSerializer.Deserialize<T>(stored.Result)!;
        }
        var result = await work();
        var json = JsonSerializer.Serialize(result);
        await db.Database.ExecuteSqlAsync($"UPDATE IdempotencyRecords SET Result = {json} WHERE TenantId = {tenantId} AND `Key` = {key}", ct);
        return result;
    }

    public static string Fingerprint(object command) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(command.GetType().FullName + JsonSerializer.Serialize(command, command.GetType()))));
}
