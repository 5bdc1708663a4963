using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Approvals;

/// <summary>What a money request is for; each kind has its own subject table.</summary>
public enum ApprovalKind { Grant = 1, TranchePayment = 2, ClaimPayment = 3, FundTransfer = 4, AdvanceWriteOff = 5 }

public enum ApprovalStatus { Pending = 0, Approved = 1, Rejected = 2, Withdrawn = 3 }

/// <summary>
/// One money request going through maker-checker (DESIGN §5, invariant 8): prepared by one person, decided by committee
/// members who are not the preparer and have no recorded conflict with the organisation. The required number of
/// approvals (and whether the chair must be among them) is fixed from the tenant's tiers when the request is made.
/// </summary>
public class ApprovalRequest : ITenantOwned
{
    public const int SummaryMax = 300;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public ApprovalKind Kind { get; set; }
    /// <summary>The project, tranche, claim or transfer the request is about.</summary>
    public Guid SubjectId { get; set; }
    /// <summary>The organisation whose money it is (conflicts are recorded per organisation); null for fund transfers.</summary>
    public Guid? OrganisationId { get; set; }
    public decimal Amount { get; set; }
    public string Summary { get; set; } = "";
    public int RequiredApprovals { get; set; }
    public bool ChairRequired { get; set; }
    public ApprovalStatus Status { get; set; }
    public Guid PreparedBy { get; set; }
    public DateTimeOffset PreparedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One committee member's decision on a request, with their comment. Never changed.</summary>
public class ApprovalDecision : ITenantOwned, IAppendOnly
{
    public const int CommentMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid RequestId { get; set; }
    public Guid ApproverId { get; set; }
    public bool Approved { get; set; }
    public bool ApproverWasChair { get; set; }
    public string Comment { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>A committee member's recorded conflict of interest with an organisation: they never approve its money.</summary>
public class CommitteeConflict : ITenantOwned
{
    public const int ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid MemberId { get; set; }
    public Guid OrganisationId { get; set; }
    public string Reason { get; set; } = "";
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public class ApprovalConfiguration :
    IEntityTypeConfiguration<ApprovalRequest>, IEntityTypeConfiguration<ApprovalDecision>, IEntityTypeConfiguration<CommitteeConflict>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> b)
    {
        b.ToTable("ApprovalRequests");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Summary).HasMaxLength(ApprovalRequest.SummaryMax).IsRequired();
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.TenantId, r.Status, r.PreparedAt });
        b.HasIndex(r => new { r.TenantId, r.Kind, r.SubjectId });
    }

    public void Configure(EntityTypeBuilder<ApprovalDecision> b)
    {
        b.ToTable("ApprovalDecisions");
        b.Property(d => d.Comment).HasMaxLength(ApprovalDecision.CommentMax).IsRequired();
        // One decision per member per request, enforced by the database as well.
        b.HasIndex(d => new { d.TenantId, d.RequestId, d.ApproverId }).IsUnique();
        b.HasOne<ApprovalRequest>().WithMany().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CommitteeConflict> b)
    {
        b.ToTable("CommitteeConflicts");
        b.Property(c => c.Reason).HasMaxLength(CommitteeConflict.ReasonMax).IsRequired();
        b.HasIndex(c => new { c.TenantId, c.OrganisationId, c.MemberId }).IsUnique();
        b.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
