using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

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

public class FundTransferRequestConfiguration : IEntityTypeConfiguration<FundTransferRequest>
{
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
