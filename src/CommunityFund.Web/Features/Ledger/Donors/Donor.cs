using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

public enum DonorKind { Individual = 1, Enterprise = 2, SocialOrganisation = 3, Anonymous = 4 }

/// <summary>The donor register (捐赠人名录): one row per donor, with their history reachable through donations.</summary>
public class Donor : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public DonorKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string? Contact { get; set; }
    /// <summary>统一社会信用代码 for enterprises and organisations (optional).</summary>
    public string? CreditCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public class DonorConfiguration : IEntityTypeConfiguration<Donor>
{
    public void Configure(EntityTypeBuilder<Donor> b)
    {
        b.ToTable("Donors");
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(d => d.Name).HasMaxLength(200).IsRequired();
        b.Property(d => d.Contact).HasMaxLength(100);
        b.Property(d => d.CreditCode).HasMaxLength(18);
        b.HasIndex(d => new { d.TenantId, d.Name });
    }
}
