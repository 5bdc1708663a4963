using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Organisations;

/// <summary>The seven fields a social organisation may work in (DESIGN §4). Stored by name, so the order here never matters.</summary>
public enum OrganisationCategory { SocialService = 1, Charity = 2, Education = 3, Culture = 4, Health = 5, Environment = 6, Research = 7 }

public enum VerificationStatus { Pending = 0, Verified = 1, Rejected = 2 }

/// <summary>How the organisation came onto the register: it signed itself up, or the secretariat met it on a visit.</summary>
public enum RegistrationChannel { SelfRegistered = 1, CollectedOnVisit = 2 }

/// <summary>A social organisation that may take part in proposal contests, identified by its 统一社会信用代码 within the tenant.</summary>
public class Organisation : ITenantOwned
{
    public const int NameMax = 100, ContactMax = 50, PhoneMax = 20, AddressMax = 200, ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Normalised by <see cref="UnifiedSocialCreditCode"/>: 18 upper-case characters.</summary>
    public string CreditCode { get; set; } = "";
    public OrganisationCategory Category { get; set; }
    public string ContactPerson { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Address { get; set; } = "";
    public VerificationStatus Status { get; set; }
    /// <summary>Why the secretariat rejected it; null unless rejected.</summary>
    public string? RejectionReason { get; set; }
    public RegistrationChannel Channel { get; set; }
    public Guid RegisteredBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Who verified or rejected it, and when.</summary>
    public Guid? VerifiedBy { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
}

/// <summary>A user who acts for an organisation (they also hold the OrgMember role in the tenant).</summary>
public class OrganisationMember : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

public class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>, IEntityTypeConfiguration<OrganisationMember>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("Organisations");
        b.Property(o => o.Name).HasMaxLength(Organisation.NameMax).IsRequired();
        b.Property(o => o.CreditCode).HasColumnType("char(18)").IsRequired();
        b.Property(o => o.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ContactPerson).HasMaxLength(Organisation.ContactMax).IsRequired();
        b.Property(o => o.Phone).HasMaxLength(Organisation.PhoneMax).IsRequired();
        b.Property(o => o.Address).HasMaxLength(Organisation.AddressMax).IsRequired();
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.RejectionReason).HasMaxLength(Organisation.ReasonMax);
        b.Property(o => o.Channel).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(o => new { o.TenantId, o.CreditCode }).IsUnique();
        b.HasIndex(o => new { o.TenantId, o.Status, o.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<OrganisationMember> b)
    {
        b.ToTable("OrganisationMembers");
        b.HasIndex(m => new { m.TenantId, m.OrganisationId, m.UserId }).IsUnique();
        b.HasIndex(m => new { m.TenantId, m.UserId });
        b.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
