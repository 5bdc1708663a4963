using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// A pending step under a time limit (限时办结): opened when the step starts, closed when it is done. The sweep sets its
/// colour; red items notify the committee once.
/// </summary>
public class PendingStep : ITenantOwned
{
    public const int TitleMax = 200, LinkMax = 300;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public TimedStep Step { get; set; }
    /// <summary>The proposal, claim, approval request, tranche or report waiting.</summary>
    public Guid SubjectId { get; set; }
    public string Title { get; set; } = "";
    public string? Link { get; set; }
    /// <summary>Who must act: a user, or anyone holding the role when null.</summary>
    public Guid? ResponsibleUserId { get; set; }
    public TenantRole ResponsibleRole { get; set; }
    public DateOnly StartedOn { get; set; }
    public int LimitWorkingDays { get; set; }
    public TimeLimitState State { get; set; }
    public DateTimeOffset? RedNotifiedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public class PendingStepConfiguration : IEntityTypeConfiguration<PendingStep>
{
    public void Configure(EntityTypeBuilder<PendingStep> b)
    {
        b.ToTable("PendingSteps");
        b.Property(s => s.Step).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Title).HasMaxLength(PendingStep.TitleMax).IsRequired();
        b.Property(s => s.Link).HasMaxLength(PendingStep.LinkMax);
        b.Property(s => s.ResponsibleRole).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(s => new { s.TenantId, s.ClosedAt, s.State });
        b.HasIndex(s => new { s.TenantId, s.Step, s.SubjectId });
    }
}
