using CommunityFund.Web.Infrastructure.Web;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;

namespace CommunityFund.Web.Kernel.Invitations;

/// <summary>An emailed offer of a role in a tenant. Only the token's hash is stored; the link carries the token.</summary>
public class Invitation : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Email { get; set; } = "";
    public TenantRole Role { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid? InvitedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedByUserId { get; set; }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

public class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("Invitations");
        b.Property(i => i.Email).HasMaxLength(256).IsRequired();
        b.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.TokenHash).HasColumnType("char(64)").IsRequired();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.TenantId, i.Email });
    }
}

/// <summary>Creates an invitation in the current tenant and emails its link. Used by tenant staff and by platform admins.</summary>
public sealed class InvitationIssuer(
    AppDbContext db, ITenantContext tenant, ICurrentUser user, IEmailSender mail, TimeProvider clock,
    IConfiguration configuration, IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public async Task<Guid> IssueAsync(string email, TenantRole role, CancellationToken ct)
    {
        var t = tenant.Current ?? throw new TenantMismatchException("No tenant is set.");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Email = email.Trim(),
            Role = role,
            TokenHash = Invitation.Hash(token),
            InvitedByUserId = user.UserId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Add(invitation);

        var link = SiteAddress.Link(configuration, t.Identifier, $"/invitations/{token}");
        var fund = t.DisplayName(System.Globalization.CultureInfo.CurrentUICulture);
        await mail.SendAsync(invitation.Email, l["Invite.MailSubject", fund], l["Invite.MailBody", fund, l["Role." + role], link, Formats.Date(invitation.ExpiresAt)], ct);
        return invitation.Id;
    }
}

public static class TenantRoleParsing
{
    /// <summary>Only the five tenant roles by name; numbers and unknown names are refused.</summary>
    public static bool TryParse(string? value, out TenantRole role)
    {
        role = default;
        return !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsDigit) && Enum.TryParse(value, ignoreCase: false, out role) && Enum.IsDefined(role);
    }
}
