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
    Task RecordAsync(string command, string? target, AuditOutcome outcome, string? detail, CancellationToken ct);
}

/// <summary>Writes through its own context instance, so a failed command's pending changes are never saved with it.</summary>
public sealed class AuditLog(DbContextOptions<CatalogDbContext> options, ICurrentUser user, ITenantContext tenant, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(string command, string? target, AuditOutcome outcome, string? detail, CancellationToken ct)
    {
        await using var db = new CatalogDbContext(options);
        db.AuditEvents.Add(new AuditEvent
        {
            TenantId = tenant.Current?.Id,
            UserId = user.UserId,
            UserEmail = Truncate(user.Email, 256),
            Command = Truncate(command, 200)!,
            Target = Truncate(target, 200),
            Outcome = outcome,
            Detail = Truncate(detail, 500),
            IpAddress = user.IpAddress,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
