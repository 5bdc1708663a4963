using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Infrastructure.Tenancy;

public enum TenantStatus { Active = 0, Suspended = 1 }

/// <summary>One sub-district fund. <see cref="Id"/> is stored in rows; <see cref="Identifier"/> appears in URLs.</summary>
public class Tenant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Identifier { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string District { get; set; } = "";
    public TenantStatus Status { get; set; } = TenantStatus.Active;
    /// <summary>When set, the tenant's own data lives on this database server instead of the platform's.</summary>
    public string? ConnectionString { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public TenantInfo ToInfo() => new(Id, Identifier, NameZh, NameEn, Status, ConnectionString);
}

public sealed record TenantInfo(Guid Id, string Identifier, string NameZh, string NameEn, TenantStatus Status, string? ConnectionString)
{
    public string DisplayName(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" || string.IsNullOrWhiteSpace(NameEn) ? NameZh : NameEn;
}

public class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("Tenants");
        b.Property(t => t.Identifier).HasMaxLength(63).IsRequired();
        b.HasIndex(t => t.Identifier).IsUnique();
        b.Property(t => t.NameZh).HasMaxLength(100).IsRequired();
        b.Property(t => t.NameEn).HasMaxLength(150).IsRequired();
        b.Property(t => t.District).HasMaxLength(100);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.ConnectionString).HasMaxLength(500);
    }
}
