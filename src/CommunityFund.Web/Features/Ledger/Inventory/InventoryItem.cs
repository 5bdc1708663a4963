using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>Goods on hand per fund, item and unit: quantity and value maintained with every movement; never below zero.</summary>
public class InventoryItem : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid FundId { get; set; }
    public string Name { get; set; } = "";
    public string Unit { get; set; } = "";
    public decimal QuantityOnHand { get; set; }
    public decimal ValueOnHand { get; set; }
}

public class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> b)
    {
        b.ToTable("InventoryItems");
        b.Property(i => i.Name).HasMaxLength(100).IsRequired();
        b.Property(i => i.Unit).HasMaxLength(20).IsRequired();
        b.Property(i => i.QuantityOnHand).HasPrecision(18, 3);
        b.HasIndex(i => new { i.TenantId, i.FundId, i.Name, i.Unit }).IsUnique();
    }
}
