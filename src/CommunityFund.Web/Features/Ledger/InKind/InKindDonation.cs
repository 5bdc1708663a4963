using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

// A source document: what staff actually enter. Each document posts exactly one journal entry, in the same transaction, and keeps its id.

/// <summary>物资捐赠: items appraised at a value, received into a fund's inventory.</summary>
public class InKindDonation : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid DonorId { get; set; }
    public Guid FundId { get; set; }
    public DateOnly Date { get; set; }
    public string ValuationBasis { get; set; } = "";
    public decimal Total { get; set; }
    public long EntryId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedBy { get; set; }
    public List<InKindDonationItem> Items { get; set; } = [];
}

public class InKindDonationConfiguration : IEntityTypeConfiguration<InKindDonation>
{
    public void Configure(EntityTypeBuilder<InKindDonation> b)
    {
        b.ToTable("InKindDonations");
        b.Property(d => d.ValuationBasis).HasMaxLength(500).IsRequired();
        b.HasMany(d => d.Items).WithOne().HasForeignKey(i => i.InKindDonationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.TenantId, d.Date });
    }
}
