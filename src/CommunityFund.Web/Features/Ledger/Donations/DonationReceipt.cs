using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>捐赠票据: sequential per tenant. Voiding requires reversing its donation (the void records that reversal).</summary>
public class DonationReceipt : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public int Number { get; set; }
    public Guid DonationId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public long? VoidReversalEntryId { get; set; }
    public string? VoidReason { get; set; }
}

public class DonationReceiptConfiguration : IEntityTypeConfiguration<DonationReceipt>
{
    public void Configure(EntityTypeBuilder<DonationReceipt> b)
    {
        b.ToTable("DonationReceipts");
        b.HasIndex(r => new { r.TenantId, r.Number }).IsUnique();
        b.HasIndex(r => r.DonationId).IsUnique();
        b.Property(r => r.VoidReason).HasMaxLength(500);
    }
}
