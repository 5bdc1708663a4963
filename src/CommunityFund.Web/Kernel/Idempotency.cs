using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MySqlConnector;

namespace CommunityFund.Web.Kernel;

/// <summary>A command the client sends with a key it generated (a hidden field rendered with the form).</summary>
public interface IIdempotentCommand
{
    string IdempotencyKey { get; }
}

/// <summary>
/// Same key, same content → the first result, once. Same key, other content → refused. Runs inside the command's
/// transaction (registered after the transaction behaviour): the key row is inserted first, so a concurrent duplicate
/// waits on it and then reads the committed result, and a retried unit of work inserts it again with everything else.
/// </summary>
public sealed class IdempotencyBehaviour<TRequest, TResponse>(AppDbContext db, ITenantContext tenant, TimeProvider clock, IStringLocalizer<KernelResource> k)
    : IPipelineBehavior<TRequest, TResponse>
{
    private sealed class Stored
    {
        public string RequestHash { get; set; } = "";
        public string? Result { get; set; }
    }

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not IIdempotentCommand command) return await next();
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException($"{typeof(TRequest).Name} is idempotent but runs outside a transaction: make it an ICommand.");
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        var key = command.IdempotencyKey;
        var hash = Fingerprint(command);
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO IdempotencyRecords (TenantId, `Key`, RequestHash, CreatedAt) VALUES ({tenantId}, {key}, {hash}, {clock.GetUtcNow().UtcDateTime})", cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            // A locking read sees the committed row even if this transaction's snapshot is older.
            var stored = await db.Database.SqlQuery<Stored>(
                $"SELECT RequestHash, Result FROM IdempotencyRecords WHERE TenantId = {tenantId} AND `Key` = {key} LOCK IN SHARE MODE").SingleAsync(cancellationToken);
            if (stored.RequestHash != hash || stored.Result is null) throw Refusal.Because(k["Idempotency.KeyReused"]);
            return JsonSerializer.Deserialize<TResponse>(stored.Result)!;
        }
        var result = await next();
        var json = JsonSerializer.Serialize(result);
        await db.Database.ExecuteSqlAsync($"UPDATE IdempotencyRecords SET Result = {json} WHERE TenantId = {tenantId} AND `Key` = {key}", cancellationToken);
        return result;
    }

    public static string Fingerprint(object command) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(command.GetType().FullName + JsonSerializer.Serialize(command, command.GetType()))));
}
