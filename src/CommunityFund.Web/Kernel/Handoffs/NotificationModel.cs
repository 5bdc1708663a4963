using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>An in-app message for one user in one tenant (the inbox); the same hand-off is also emailed.</summary>
public class Notification : ITenantOwned
{
    public const int TitleMax = 200, BodyMax = 2000, LinkMax = 300;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>Tenant-relative path of the page to act on, e.g. "/projects/…".</summary>
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

public class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(n => n.Title).HasMaxLength(Notification.TitleMax).IsRequired();
        b.Property(n => n.Body).HasMaxLength(Notification.BodyMax).IsRequired();
        b.Property(n => n.Link).HasMaxLength(Notification.LinkMax);
        b.HasIndex(n => new { n.TenantId, n.UserId, n.ReadAt, n.CreatedAt });
    }
}
