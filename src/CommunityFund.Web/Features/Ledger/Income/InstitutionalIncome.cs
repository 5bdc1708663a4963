using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

// A source document: what staff actually enter. Each document posts exactly one journal entry, in the same transaction, and keeps its id.

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

public class InstitutionalIncomeConfiguration : IEntityTypeConfiguration<InstitutionalIncome>
{
    public void Configure(EntityTypeBuilder<InstitutionalIncome> b)
    {
        b.ToTable("InstitutionalIncomes");
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.Source).HasMaxLength(200).IsRequired();
        b.Property(i => i.Reference).HasMaxLength(100).IsRequired();
        b.Property(i => i.Purpose).HasMaxLength(500);
        b.HasIndex(i => new { i.TenantId, i.Kind, i.Date });
    }
}
