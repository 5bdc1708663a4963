using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Grants.Claims;

public enum ClaimStatus
{
    Draft = 0,
    /// <summary>Filed by the organisation; awaiting the secretariat's review.</summary>
    Submitted = 1,
    /// <summary>Returned with the one-time list of fixes; the organisation resubmits against it.</summary>
    Returned = 2,
    /// <summary>Reviewed by the secretariat; awaiting committee approvals by threshold.</summary>
    AwaitingApproval = 3,
    Approved = 4,
    /// <summary>Paid (reimbursement mode) or written off against the advance (advance mode).</summary>
    Settled = 5,
    Rejected = 6,
}

/// <summary>An expense claim (报销/核销) of one project.</summary>
public class ExpenseClaim : ITenantOwned
{
    public const int ReasonMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public int Number { get; set; }
    public ClaimStatus Status { get; set; }
    public decimal Total { get; set; }
    /// <summary>One-time list of fixes (JSON array of strings) when returned; issued once.</summary>
    public string? FixListJson { get; set; }
    public string? RejectionReason { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public long? JournalEntryId { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
    public int Version { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> GetFixList() => FixListJson is null ? [] : JsonSerializer.Deserialize<List<string>>(FixListJson, Json) ?? [];

    public void SetFixList(IEnumerable<string> items) => FixListJson = JsonSerializer.Serialize(items.ToList(), Json);
}

/// <summary>One expense on a claim, charged to a budget line, with its invoice and receipt file.</summary>
public class ExpenseClaimLine : ITenantOwned
{
    public const int PayeeMax = 100, DescriptionMax = 300, InvoiceMax = 50, ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ClaimId { get; set; }
    public Guid BudgetLineId { get; set; }
    public DateOnly Date { get; set; }
    public string Payee { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal Amount { get; set; }
    /// <summary>Normalised (trimmed, upper case) so duplicates are found across the tenant.</summary>
    public string InvoiceNumber { get; set; } = "";
    /// <summary>Set when the secretariat let a duplicate invoice number through, with the reason.</summary>
    public string? DuplicateOverrideReason { get; set; }
    public string ReceiptFileName { get; set; } = "";
    public string ReceiptContentType { get; set; } = "";
    public string ReceiptStorageKey { get; set; } = "";
    public string ReceiptSha256 { get; set; } = "";
}

public class ClaimConfiguration : IEntityTypeConfiguration<ExpenseClaim>, IEntityTypeConfiguration<ExpenseClaimLine>
{
    public void Configure(EntityTypeBuilder<ExpenseClaim> b)
    {
        b.ToTable("ExpenseClaims");
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.FixListJson).HasColumnType("longtext");
        b.Property(c => c.RejectionReason).HasMaxLength(ExpenseClaim.ReasonMax);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.TenantId, c.Number }).IsUnique();
        b.HasIndex(c => new { c.TenantId, c.ProjectId, c.Status });
        b.HasOne<Projects.Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ExpenseClaimLine> b)
    {
        b.ToTable("ExpenseClaimLines");
        b.Property(l => l.Payee).HasMaxLength(ExpenseClaimLine.PayeeMax).IsRequired();
        b.Property(l => l.Description).HasMaxLength(ExpenseClaimLine.DescriptionMax).IsRequired();
        b.Property(l => l.InvoiceNumber).HasMaxLength(ExpenseClaimLine.InvoiceMax).IsRequired();
        b.Property(l => l.DuplicateOverrideReason).HasMaxLength(ExpenseClaimLine.ReasonMax);
        b.Property(l => l.ReceiptFileName).HasMaxLength(200).IsRequired();
        b.Property(l => l.ReceiptContentType).HasMaxLength(50).IsRequired();
        b.Property(l => l.ReceiptStorageKey).HasMaxLength(300).IsRequired();
        b.Property(l => l.ReceiptSha256).HasColumnType("char(64)").IsRequired();
        b.HasIndex(l => new { l.TenantId, l.ClaimId });
        b.HasIndex(l => new { l.TenantId, l.InvoiceNumber });
        b.HasIndex(l => new { l.TenantId, l.BudgetLineId });
        b.HasOne<ExpenseClaim>().WithMany().HasForeignKey(l => l.ClaimId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Projects.ProjectBudgetLine>().WithMany().HasForeignKey(l => l.BudgetLineId).OnDelete(DeleteBehavior.Restrict);
    }
}
