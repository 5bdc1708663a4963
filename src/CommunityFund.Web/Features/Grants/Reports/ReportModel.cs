using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Grants.Reports;

public enum ReportKind { Midterm = 1, Final = 2 }

public enum ReportStatus { Submitted = 1, Returned = 2, Accepted = 3 }

/// <summary>A mid-term or final report by the organisation; acceptance satisfies tranche conditions.</summary>
public class ProjectReport : ITenantOwned
{
    public const int TextMax = 4000, ReasonMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProjectId { get; set; }
    public ReportKind Kind { get; set; }
    public ReportStatus Status { get; set; }
    public string Outputs { get; set; } = "";
    public int BeneficiariesReached { get; set; }
    public int ActivitiesHeld { get; set; }
    public string? ReturnReason { get; set; }
    public Guid SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A photo or document attached to a report (JPG/PNG/PDF, checked by content), stored in the tenant's file store.</summary>
public class ReportFile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ReportId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public string StorageKey { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
}

public class ReportConfiguration : IEntityTypeConfiguration<ProjectReport>, IEntityTypeConfiguration<ReportFile>
{
    public void Configure(EntityTypeBuilder<ProjectReport> b)
    {
        b.ToTable("ProjectReports");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Outputs).HasMaxLength(ProjectReport.TextMax).IsRequired();
        b.Property(r => r.ReturnReason).HasMaxLength(ProjectReport.ReasonMax);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.TenantId, r.ProjectId, r.Kind });
        b.HasOne<Projects.Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReportFile> b)
    {
        b.ToTable("ReportFiles");
        b.Property(f => f.FileName).HasMaxLength(200).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(50).IsRequired();
        b.Property(f => f.Sha256).HasColumnType("char(64)").IsRequired();
        b.Property(f => f.StorageKey).HasMaxLength(300).IsRequired();
        b.HasIndex(f => new { f.TenantId, f.ReportId });
        b.HasOne<ProjectReport>().WithMany().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}
