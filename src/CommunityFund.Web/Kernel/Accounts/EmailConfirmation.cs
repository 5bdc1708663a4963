using CommunityFund.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;

namespace CommunityFund.Web.Kernel.Accounts;

/// <summary>
/// Proves that a person owns the address they registered with: a link with Identity's confirmation token, sent to that
/// address, opens /account/confirm-email. A resident's vote counts only from a confirmed account (DESIGN §4).
/// </summary>
public sealed class EmailConfirmation(UserManager<AppUser> users, IEmailSender mail, ITenantContext tenant,
    IConfiguration configuration, IStringLocalizer<SharedResource> l)
{
    /// <summary>Sends the confirmation link, leading back to <paramref name="returnUrl"/> (a local address) afterwards.</summary>
    public async Task SendAsync(AppUser user, string? returnUrl, CancellationToken ct)
    {
        if (user.EmailConfirmed || string.IsNullOrWhiteSpace(user.Email)) return;
        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        var parameters = new List<KeyValuePair<string, string?>> { new("userId", user.Id.ToString()), new("code", code) };
        if (returnUrl is not null && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)) parameters.Add(new("returnUrl", returnUrl));
        var query = QueryString.Create(parameters);
        var link = SiteAddress.Link(configuration, tenant.Current?.Identifier, "/account/confirm-email" + query);
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName;
        await mail.SendAsync(user.Email, l["ConfirmEmail.MailSubject"], string.Join("\n", l["ConfirmEmail.MailGreeting", name].Value, "",
            l["ConfirmEmail.MailBody"].Value, link, "", l["ConfirmEmail.MailIgnore"].Value), ct);
    }
}
