using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

// A source document: what staff actually enter. Each document posts exactly one journal entry, in the same transaction, and keeps its id.

public enum DonationChannel { BankTransfer = 1, Cash = 2, Online = 3, WeChatPay = 4, Alipay = 5 }

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

public class DonationConfiguration : IEntityTypeConfiguration<Donation>
{
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
}
