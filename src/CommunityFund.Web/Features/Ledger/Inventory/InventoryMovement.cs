using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

public enum MovementKind { Received = 1, Issued = 2, Reversed = 3 }

public class InventoryMovement : ITenantOwned, IAppendOnly
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InventoryItemId { get; set; }
    public MovementKind Kind { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Positive when received, negative when issued.</summary>
    public decimal Quantity { get; set; }
    public decimal Value { get; set; }
    /// <summary>For issues: the project or the beneficiaries the goods went to.</summary>
    public string? Recipient { get; set; }
    public long EntryId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public class InventoryMovementConfiguration : IEntityTypeConfiguration<InventoryMovement>
{
    public void Configure(EntityTypeBuilder<InventoryMovement> b)
    {
        b.ToTable("InventoryMovements");
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Quantity).HasPrecision(18, 3);
        b.Property(m => m.Recipient).HasMaxLength(200);
        b.HasIndex(m => new { m.TenantId, m.InventoryItemId, m.Id });
    }
}
