using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Infrastructure.Audit;

public enum AuditOutcome { Succeeded = 0, Rejected = 1, Forbidden = 2, Failed = 3 }

/// <summary>
/// One command, as it happened. Kept in the catalog (not the tenant database) so platform commands are logged too;
/// tenant readers always filter by their own tenant.
/// </summary>
public class AuditEvent
{
    public long Id { get; set; }
    public Guid? TenantId { get; set; }
    public Guid? UserId { get; set; }
    public string? UserEmail { get; set; }
    public string Command { get; set; } = "";
    public string? Target { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    public DateTimeOffset At { get; set; }
}

public class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("AuditEvents");
        b.Property(e => e.TenantId).HasColumnType("char(36)");
        b.Property(e => e.UserEmail).HasMaxLength(256);
        b.Property(e => e.Command).HasMaxLength(200).IsRequired();
        b.Property(e => e.Target).HasMaxLength(200);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Detail).HasMaxLength(500);
        b.Property(e => e.IpAddress).HasMaxLength(45);
        b.HasIndex(e => new { e.TenantId, e.At });
    }
}

public interface IAuditLog
{
    /// <summary>A platform audit row to add to the catalog context inside the command's own transaction.</summary>
    AuditEvent Create(AuditRecord record);

    /// <summary>A platform audit row in its own transaction (refusals, failures).</summary>
    Task RecordAsync(AuditRecord record, CancellationToken ct);
}

/// <summary>Platform commands, and commands refused before a tenant was known, are recorded in the catalog.</summary>
public sealed class AuditLog(DbContextOptions<CatalogDbContext> options, ICurrentUser user, ITenantContext tenant, TimeProvider clock) : IAuditLog
{
    public AuditEvent Create(AuditRecord record) => new()
    {
        TenantId = tenant.Current?.Id,
        UserId = user.UserId,
        UserEmail = AuditRecord.Truncate(user.Email, 256),
        Command = AuditRecord.Truncate(record.Command, 200)!,
        Target = AuditRecord.Truncate(record.Target, 200),
        Outcome = record.Outcome,
        Detail = AuditRecord.Truncate(record.Detail, 500),
        IpAddress = AuditRecord.Truncate(user.IpAddress, 45),
        At = clock.GetUtcNow(),
    };

    public async Task RecordAsync(AuditRecord record, CancellationToken ct)
    {
        await using var db = new CatalogDbContext(options);
        db.AuditEvents.Add(Create(record));
        await db.SaveChangesAsync(ct);
    }
}
