using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

// What staff actually enter. Each document posts exactly one journal entry, in the same transaction, and keeps its id.

public enum DonorKind { Individual = 1, Enterprise = 2, SocialOrganisation = 3, Anonymous = 4 }

public enum DonationChannel { BankTransfer = 1, Cash = 2, Online = 3, WeChatPay = 4, Alipay = 5 }

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

public class Donation : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid DonorId { get; set; }
    public Guid FundId { get; set; }
    public decimal Amount { get; set; }
    public DonationChannel Channel { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Consent to be named on the public honour roll; otherwise shown as anonymous.</summary>
    public bool PublicListingConsent { get; set; }
    public string? Note { get; set; }
    public long EntryId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedBy { get; set; }
}

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

public enum InstitutionalIncomeKind { GovernmentTransfer = 1, FederationGrant = 2 }

/// <summary>Government transfers (财政拨款: department, 文号, purpose) and charity-federation grants (city/district federation, agreement).</summary>
public class InstitutionalIncome : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public InstitutionalIncomeKind Kind { get; set; }
    /// <summary>The department, or the federation (e.g. 重庆市慈善总会).</summary>
    public string Source { get; set; } = "";
    /// <summary>文号 for a transfer, the agreement reference for a federation grant.</summary>
    public string Reference { get; set; } = "";
    public string? Purpose { get; set; }
    public Guid FundId { get; set; }
    public decimal Amount { get; set; }
    public DateOnly Date { get; set; }
    public long EntryId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedBy { get; set; }
}

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

public enum TransferStatus { Pending = 0, Approved = 1, Rejected = 2 }

/// <summary>Moving money between funds (e.g. unrestricted → a restricted project pool): prepared by the secretariat, approved by the committee.</summary>
public class FundTransferRequest : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid FromFundId { get; set; }
    public Guid ToFundId { get; set; }
    public decimal Amount { get; set; }
    public DateOnly Date { get; set; }
    public string Reason { get; set; } = "";
    public TransferStatus Status { get; set; }
    public Guid PreparedBy { get; set; }
    public DateTimeOffset PreparedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }
    public long? EntryId { get; set; }
    /// <summary>Optimistic concurrency: two committee members deciding at once cannot both win.</summary>
    public int Version { get; set; }
}

public class SourceDocumentConfiguration :
    IEntityTypeConfiguration<Donor>, IEntityTypeConfiguration<Donation>, IEntityTypeConfiguration<DonationReceipt>,
    IEntityTypeConfiguration<InstitutionalIncome>, IEntityTypeConfiguration<InKindDonation>, IEntityTypeConfiguration<InKindDonationItem>,
    IEntityTypeConfiguration<InventoryItem>, IEntityTypeConfiguration<InventoryMovement>, IEntityTypeConfiguration<FundTransferRequest>
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

    public void Configure(EntityTypeBuilder<Donation> b)
    {
        b.ToTable("Donations");
        b.Property(d => d.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Note).HasMaxLength(500);
        b.HasIndex(d => new { d.TenantId, d.DonorId, d.Date });
        b.HasIndex(d => new { d.TenantId, d.Date });
        b.HasIndex(d => d.EntryId).IsUnique();
        b.HasOne<Donor>().WithMany().HasForeignKey(d => d.DonorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Fund>().WithMany().HasForeignKey(d => d.FundId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<DonationReceipt> b)
    {
        b.ToTable("DonationReceipts");
        b.HasIndex(r => new { r.TenantId, r.Number }).IsUnique();
        b.HasIndex(r => r.DonationId).IsUnique();
        b.Property(r => r.VoidReason).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<InstitutionalIncome> b)
    {
        b.ToTable("InstitutionalIncomes");
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.Source).HasMaxLength(200).IsRequired();
        b.Property(i => i.Reference).HasMaxLength(100).IsRequired();
        b.Property(i => i.Purpose).HasMaxLength(500);
        b.HasIndex(i => new { i.TenantId, i.Kind, i.Date });
    }

    public void Configure(EntityTypeBuilder<InKindDonation> b)
    {
        b.ToTable("InKindDonations");
        b.Property(d => d.ValuationBasis).HasMaxLength(500).IsRequired();
        b.HasMany(d => d.Items).WithOne().HasForeignKey(i => i.InKindDonationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.TenantId, d.Date });
    }

    public void Configure(EntityTypeBuilder<InKindDonationItem> b)
    {
        b.ToTable("InKindDonationItems");
        b.Property(i => i.Name).HasMaxLength(100).IsRequired();
        b.Property(i => i.Unit).HasMaxLength(20).IsRequired();
        b.Property(i => i.Quantity).HasPrecision(18, 3);
        b.Property(i => i.UnitValue).HasPrecision(18, 4);
    }

    public void Configure(EntityTypeBuilder<InventoryItem> b)
    {
        b.ToTable("InventoryItems");
        b.Property(i => i.Name).HasMaxLength(100).IsRequired();
        b.Property(i => i.Unit).HasMaxLength(20).IsRequired();
        b.Property(i => i.QuantityOnHand).HasPrecision(18, 3);
        b.HasIndex(i => new { i.TenantId, i.FundId, i.Name, i.Unit }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<InventoryMovement> b)
    {
        b.ToTable("InventoryMovements");
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Quantity).HasPrecision(18, 3);
        b.Property(m => m.Recipient).HasMaxLength(200);
        b.HasIndex(m => new { m.TenantId, m.InventoryItemId, m.Id });
    }

    public void Configure(EntityTypeBuilder<FundTransferRequest> b)
    {
        b.ToTable("FundTransferRequests");
        b.Property(t => t.Reason).HasMaxLength(500).IsRequired();
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.DecisionComment).HasMaxLength(500);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.TenantId, t.Status });
    }
}
