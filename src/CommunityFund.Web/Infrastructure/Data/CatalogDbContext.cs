using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using CommunityFund.Web.Infrastructure.Audit;

namespace CommunityFund.Web.Infrastructure.Data;

/// <summary>
/// The platform's own database: tenants, accounts (one per person), the audit log and data-protection keys.
/// Tenant-owned data lives in <see cref="AppDbContext"/>, which may point at a tenant's own server.
/// </summary>
public class CatalogDbContext(DbContextOptions<CatalogDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public const string HistoryTable = "__catalog_migrations";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new TenantConfiguration());
        builder.ApplyConfiguration(new AuditEventConfiguration());
        builder.ApplyConfiguration(new SignInFailureCountConfiguration());
        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(100);
            b.Property(u => u.PreferredCulture).HasMaxLength(10);
        });
        builder.Entity<DataProtectionKey>(b =>
        {
            b.Property(k => k.FriendlyName).HasMaxLength(200);
        });
    }
}
