using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

public class InKindDonationItem : ITenantOwned, IAppendOnly
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InKindDonationId { get; set; }
    public Guid InventoryItemId { get; set; }
    public string Name { get; set; } = "";
    public decimal Quantity { get; set; }
    public string Unit { get; set; } = "";
    public decimal UnitValue { get; set; }
    public decimal Subtotal { get; set; }
}

public class InKindDonationItemConfiguration : IEntityTypeConfiguration<InKindDonationItem>
{
    public void Configure(EntityTypeBuilder<InKindDonationItem> b)
    {
        b.ToTable("InKindDonationItems");
        b.Property(i => i.Name).HasMaxLength(100).IsRequired();
        b.Property(i => i.Unit).HasMaxLength(20).IsRequired();
        b.Property(i => i.Quantity).HasPrecision(18, 3);
        b.Property(i => i.UnitValue).HasPrecision(18, 4);
    }
}
