using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Account;

/// <summary>"Forgot password": a single-use, expiring reset link is e-mailed; the answer is the same for any address.</summary>
[AllowAnonymous]
public class ForgotPasswordModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    public void OnGet(string? email)
    {
        if (!string.IsNullOrEmpty(email)) Input.Email = email;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        return RedirectToPage("/Account/CheckEmail", new { tenant = tenant.Current?.Identifier });
    }

    [AllowAnonymousRequest]
    public sealed class Command : IPlatformCommand<bool>, IHasAuditTarget
    {
        public string Email { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => Email;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l) => RuleFor(c => c.Email).ValidEmail(l);
    }

    /// <summary>True when a link was sent (the page does not say so: it answers the same either way).</summary>
    public sealed class Handler(UserManager<AppUser> users, IEmailSender mail, ITenantContext tenant, IConfiguration configuration,
        IStringLocalizer<SharedResource> l) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(request.Email.Trim());
            if (user is null || string.IsNullOrWhiteSpace(user.Email)) return false;
            var code = await users.GeneratePasswordResetTokenAsync(user);
            var query = QueryString.Create([new("userId", user.Id.ToString()), new KeyValuePair<string, string?>("code", code)]);
            var link = SiteAddress.Link(configuration, tenant.Current?.Identifier, "/account/reset-password" + query);
            var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName;
            var minutes = (int)Math.Round(configuration.GetValue("SignIn:PasswordResetMinutes", 60.0));
            await mail.SendAsync(user.Email, l["ForgotPassword.MailSubject"], l["ForgotPassword.MailBody", name, link, minutes], cancellationToken);
            return true;
        }
    }
}
