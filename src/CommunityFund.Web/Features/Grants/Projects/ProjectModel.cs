using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>Advance: tranches are paid ahead and claims write the advance off. Reimbursement: claims are paid as they come.</summary>
public enum FundingMode { Advance = 1, Reimbursement = 2 }

public enum ProjectStatus
{
    /// <summary>Created directly by the secretariat; the grant itself awaits committee approval.</summary>
    PendingApproval = 0,
    Approved = 1,
    AgreementSigned = 2,
    InProgress = 3,
    FinalReport = 4,
    Closed = 5,
    Suspended = 6,
    Terminated = 7,
}

public enum TrancheCondition { None = 0, AgreementSigned = 1, MidtermAccepted = 2, FinalAccepted = 3 }

public enum TrancheStatus { Planned = 0, Requested = 1, Approved = 2, Paid = 3, Rejected = 4 }

/// <summary>A funded project (资助项目): from a confirmed contest award, or created directly and approved by the committee.</summary>
public class Project : ITenantOwned
{
    public const int TitleMax = 100, ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    /// <summary>Per tenant, 1, 2, 3 …; shown as the project number.</summary>
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public Guid OrganisationId { get; set; }
    public Guid? ContestId { get; set; }
    public Guid? ProposalId { get; set; }
    /// <summary>The proposal version the award was made on.</summary>
    public int? ProposalVersion { get; set; }
    public decimal ApprovedAmount { get; set; }
    public Guid PayingFundId { get; set; }
    public FundingMode Mode { get; set; }
    public ProjectStatus Status { get; set; }
    /// <summary>Where a suspended project returns to when resumed.</summary>
    public ProjectStatus? StatusBeforeSuspension { get; set; }
    public string? StatusReason { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>Final evaluation score 0–100, set when the final report is accepted.</summary>
    [Precision(5, 2)] public decimal? EvaluationScore { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>An approved budget line; the secretariat may adjust it with a reason, the total never above the approved amount.</summary>
public class ProjectBudgetLine : ITenantOwned
{
    public const int ItemMax = 100, ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public int Position { get; set; }
    public string Item { get; set; } = "";
    public BudgetKind Kind { get; set; }
    public decimal Approved { get; set; }
    /// <summary>The amount requested in the proposal, for comparison; null for lines added by the secretariat.</summary>
    public decimal? Proposed { get; set; }
    public string? AdjustmentReason { get; set; }
}

/// <summary>One tranche of the payment plan: a share of the approved amount released when its condition is met.</summary>
public class Tranche : ITenantOwned
{
    public const int ReferenceMax = 64;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public int Sequence { get; set; }
    public int Percent { get; set; }
    public decimal Amount { get; set; }
    public TrancheCondition Condition { get; set; }
    public TrancheStatus Status { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? BankReference { get; set; }
    public long? JournalEntryId { get; set; }
    public Guid? PaidBy { get; set; }
    public int Version { get; set; }
}

public class ProjectConfiguration :
    IEntityTypeConfiguration<Project>, IEntityTypeConfiguration<ProjectBudgetLine>, IEntityTypeConfiguration<Tranche>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("Projects");
        b.Property(p => p.Title).HasMaxLength(Project.TitleMax).IsRequired();
        b.Property(p => p.Mode).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.StatusBeforeSuspension).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.StatusReason).HasMaxLength(Project.ReasonMax);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.TenantId, p.Number }).IsUnique();
        b.HasIndex(p => new { p.TenantId, p.OrganisationId });
        // One project per awarded proposal.
        b.HasIndex(p => new { p.TenantId, p.ProposalId }).IsUnique();
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProjectBudgetLine> b)
    {
        b.ToTable("ProjectBudgetLines");
        b.Property(l => l.Item).HasMaxLength(ProjectBudgetLine.ItemMax).IsRequired();
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.AdjustmentReason).HasMaxLength(ProjectBudgetLine.ReasonMax);
        b.HasIndex(l => new { l.TenantId, l.ProjectId, l.Position });
        b.HasOne<Project>().WithMany().HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Tranche> b)
    {
        b.ToTable("Tranches");
        b.Property(t => t.Condition).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.BankReference).HasMaxLength(Tranche.ReferenceMax);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.TenantId, t.ProjectId, t.Sequence }).IsUnique();
        b.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}
