using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Infrastructure.Audit;

/// <summary>
/// One command (or sign-in event) in a tenant's audit trail, kept in the tenant's own database so it commits in the
/// same transaction as the command it records. Rows form a hash chain: <see cref="Hash"/> is the SHA-256 of the row's
/// canonical content and <see cref="PreviousHash"/>, so editing or deleting any row breaks every later link, and
/// <see cref="Sequence"/> numbers the rows without gaps.
/// </summary>
public class AuditEntry : ITenantOwned, IAppendOnly
{
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserEmail { get; set; }
    public string Command { get; set; } = "";
    public string? Target { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The tenant chain's last link, locked while a row is appended so links are written one at a time.</summary>
public class AuditChainHead : ITenantOwned
{
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public string Hash { get; set; } = "";
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.HasKey(e => new { e.TenantId, e.Sequence });
        b.Property(e => e.At).HasPrecision(3);
        b.Property(e => e.UserId).HasColumnType("char(36)");
        b.Property(e => e.UserEmail).HasMaxLength(256);
        b.Property(e => e.Command).HasMaxLength(200).IsRequired();
        b.Property(e => e.Target).HasMaxLength(200);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Detail).HasMaxLength(500);
        b.Property(e => e.IpAddress).HasMaxLength(45);
        b.Property(e => e.PreviousHash).HasColumnType("char(64)").IsRequired();
        b.Property(e => e.Hash).HasColumnType("char(64)").IsRequired();
        b.HasIndex(e => new { e.TenantId, e.At });
    }
}

public class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.ToTable("AuditChainHeads");
        b.HasKey(h => h.TenantId);
        b.Property(h => h.Hash).HasColumnType("char(64)").IsRequired();
    }
}

/// <summary>What happened, before it is numbered and linked into a chain.</summary>
public sealed record AuditRecord(string Command, string? Target, AuditOutcome Outcome, string? Detail)
{
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    public static string Name(Type request) => (request.FullName ?? request.Name).Replace("CommunityFund.Web.", "", StringComparison.Ordinal);

    /// <summary>What the command acted on: its declared target, else the id it returned.</summary>
    public static string? TargetOf(object request, object? response) =>
        (request as IHasAuditTarget)?.AuditTarget ?? response switch
        {
            Guid g => g.ToString(),
            string s => s,
            int i => i.ToString(Invariant),
            long l => l.ToString(Invariant),
            _ => null,
        };

    public static AuditRecord Refused(Type request, object? requestValue, Exception ex) => new(
        Name(request), requestValue is null ? null : TargetOf(requestValue, null),
        ex switch
        {
            ValidationException => AuditOutcome.Rejected,
            ForbiddenException => AuditOutcome.Forbidden,
            _ => AuditOutcome.Failed,
        },
        ex switch
        {
            ValidationException v => Truncate(ex.GetType().Name + ": " + string.Join(" | ", v.Errors.Select(e => e.ErrorMessage)), 500),
            ForbiddenException => Truncate(ex.GetType().Name + ": " + ex.Message, 500),
            _ => ex.GetType().Name,
        });

    internal static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

/// <summary>The canonical content of a row and its SHA-256 link: the same function writes and verifies.</summary>
public static class AuditHash
{
    public static string Of(AuditEntry e) => Of(e.TenantId, e.Sequence, e.At, e.UserId, e.UserEmail, e.Command, e.Target, e.Outcome, e.Detail, e.IpAddress, e.PreviousHash);

    public static string Of(Guid? tenantId, long sequence, DateTimeOffset at, Guid? userId, string? email, string command, string? target,
        AuditOutcome outcome, string? detail, string? ip, string previousHash)
    {
        // A JSON array is unambiguous (no separator can be forged inside a field) and stable across runtimes.
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            tenantId?.ToString("D"), sequence, at.ToUniversalTime().ToUnixTimeMilliseconds(), userId?.ToString("D"), email, command,
            target, outcome.ToString(), detail, ip, previousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The database keeps milliseconds; what is hashed must be what is read back.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUniversalTime().ToUnixTimeMilliseconds());
}

/// <summary>
/// Appends to the current tenant's chain. <see cref="AppendAsync"/> runs inside the command's own transaction (the
/// transaction behaviour calls it after saving the command's changes, so both commit or neither); <see
/// cref="RecordAsync"/> writes a refusal or a sign-in event in a transaction of its own on a fresh context, so a failed
/// command's pending changes are never saved with it. Rows are inserted with SQL, never through the change tracker.
/// </summary>
public sealed class AuditTrail(ICurrentUser user, ITenantContext tenant, TimeProvider clock, DbContextOptions<AppDbContext> options, IAuditLog platform)
{
    /// <summary>
    /// An account event that is not a command (a sign-in, a failed or throttled sign-in): in the tenant's chain when it
    /// happens inside a tenant, else in the platform log. Its own transaction, so a refused sign-in is recorded too.
    /// </summary>
    public Task RecordAccountEventAsync(AuditRecord record, CancellationToken ct) =>
        tenant.Current is null ? platform.RecordAsync(record, ct) : RecordAsync(record, ct);

    public async Task AppendAsync(AppDbContext db, AuditRecord record, CancellationToken ct)
    {
        var tenantId = tenant.Current?.Id ?? throw new InvalidOperationException("A tenant audit row needs a tenant.");
        // Locking the head serialises appends per tenant. The command's own rows are already written when this runs,
        // so the lock is held only for the audit insert and the commit. The head is created on a tenant's first row
        // (locking first: an INSERT IGNORE on an existing head would take a shared lock that two appenders then both
        // try to upgrade).
        var head = await LockHeadAsync(db, tenantId, ct);
        if (head is null)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT IGNORE INTO AuditChainHeads (TenantId, Sequence, Hash) VALUES ({tenantId}, 0, {""})", ct);
            head = await LockHeadAsync(db, tenantId, ct) ?? throw new InvalidOperationException("The audit chain head could not be created.");
        }

        var e = new AuditEntry
        {
            TenantId = tenantId,
            Sequence = head.Sequence + 1,
            At = AuditHash.Stored(clock.GetUtcNow()),
            UserId = user.UserId,
            UserEmail = AuditRecord.Truncate(user.Email, 256),
            Command = AuditRecord.Truncate(record.Command, 200)!,
            Target = AuditRecord.Truncate(record.Target, 200),
            Outcome = record.Outcome,
            Detail = AuditRecord.Truncate(record.Detail, 500),
            IpAddress = AuditRecord.Truncate(user.IpAddress, 45),
            PreviousHash = head.Hash,
        };
        e.Hash = AuditHash.Of(e);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO AuditEntries (TenantId, Sequence, At, UserId, UserEmail, Command, Target, Outcome, Detail, IpAddress, PreviousHash, Hash)
            VALUES ({e.TenantId}, {e.Sequence}, {e.At}, {e.UserId}, {e.UserEmail}, {e.Command}, {e.Target}, {e.Outcome.ToString()},
                    {e.Detail}, {e.IpAddress}, {e.PreviousHash}, {e.Hash})
            """, ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE AuditChainHeads SET Sequence = {e.Sequence}, Hash = {e.Hash} WHERE TenantId = {tenantId}", ct);
    }

    /// <summary>A row of its own, in its own transaction (refusals, failures, sign-in events).</summary>
    public async Task RecordAsync(AuditRecord record, CancellationToken ct)
    {
        await using var db = new AppDbContext(options, tenant);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async c =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(c);
            await AppendAsync(db, record, c);
            await tx.CommitAsync(c);
        }, ct);
    }

    private static async Task<HeadRow?> LockHeadAsync(AppDbContext db, Guid tenantId, CancellationToken ct) =>
        (await db.Database.SqlQuery<HeadRow>($"SELECT Sequence, Hash FROM AuditChainHeads WHERE TenantId = {tenantId} FOR UPDATE")
            .ToListAsync(ct)).SingleOrDefault();

    private sealed class HeadRow
    {
        public long Sequence { get; set; }
        public string Hash { get; set; } = "";
    }
}
