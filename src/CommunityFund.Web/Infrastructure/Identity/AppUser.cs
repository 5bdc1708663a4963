using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Infrastructure.Identity;

/// <summary>One account per person, across all tenants.</summary>
public class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public string? PreferredCulture { get; set; }
}

/// <summary>The roles a person may hold inside one tenant.</summary>
public enum TenantRole { Secretariat = 1, Committee = 2, OrgMember = 3, Judge = 4, Auditor = 5 }

public static class PlatformRoles
{
    public const string PlatformAdmin = "PlatformAdmin";
}

/// <summary>A person's role in one tenant. One row per (tenant, user, role).</summary>
public class TenantMembership : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public TenantRole Role { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

public class TenantMembershipConfiguration : IEntityTypeConfiguration<TenantMembership>
{
    public void Configure(EntityTypeBuilder<TenantMembership> b)
    {
        b.ToTable("TenantMemberships");
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => new { m.TenantId, m.UserId, m.Role }).IsUnique();
    }
}
