using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Account;

/// <summary>Create the one account a person uses everywhere; roles come later, per tenant, by invitation.</summary>
[AllowAnonymous]
public class RegisterModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet(string? email)
    {
        if (!string.IsNullOrEmpty(email)) Input.Email = email;
    }

    /// <summary>The same answer whether the address was free or already had an account: "look in your mailbox".</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        Input.ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null; // where the confirmation link leads back to
        await mediator.Send(Input);
        return RedirectToPage("/Account/CheckEmail", new { tenant = tenant.Current?.Identifier, returnUrl = Input.ReturnUrl });
    }

    [AllowAnonymousRequest]
    public sealed class Command : IPlatformCommand<Guid>, IHasAuditTarget
    {
        public string DisplayName { get; set; } = "";
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
        public string ConfirmPassword { get; set; } = "";
        /// <summary>Where the e-mail confirmation link leads back to (the page that asked the person to register).</summary>
        public string? ReturnUrl { get; set; }
        string? IHasAuditTarget.AuditTarget => Email;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage(_ => l["Validation.NameRequired"])
                .MaximumLength(100).WithMessage(_ => l["Validation.TooLong", 100]);
            RuleFor(c => c.Email).ValidEmail(l);
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => l["Validation.PasswordRequired"])
                .MinimumLength(8).WithMessage(_ => l["Validation.PasswordTooShort", 8])
                .MaximumLength(MaxLengthPasswordValidator.MaxLength).WithMessage(_ => l["Validation.PasswordTooLong", MaxLengthPasswordValidator.MaxLength]);
            RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage(_ => l["Validation.PasswordsDiffer"]);
        }
    }

    /// <summary>
    /// A new address gets an account and the confirmation link. An address that already has an account gets the same
    /// answer after the same checks and work (password rules, one password hash), and its owner is told by e-mail
    /// instead, so the form cannot be used to find out who has an account. Nobody is signed in by registering.
    /// </summary>
    public sealed class Handler(UserManager<AppUser> users, EmailConfirmation confirmation, IEmailSender mail, ITenantContext tenant,
        IConfiguration configuration, IStringLocalizer<SharedResource> l) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var email = request.Email.Trim();
            var user = new AppUser { UserName = email, Email = email, DisplayName = request.DisplayName.Trim() };
            var existing = await users.FindByEmailAsync(email);
            if (existing is not null)
            {
                var errors = new List<IdentityError>();
                foreach (var validator in users.PasswordValidators)
                    errors.AddRange((await validator.ValidateAsync(users, user, request.Password)).Errors);
                if (errors.Count > 0) throw Refused(errors);
                _ = users.PasswordHasher.HashPassword(user, request.Password); // the work a new account costs
                await TellOwnerAsync(existing, cancellationToken);
                return Guid.Empty;
            }
            // Identity checks the password rules (incl. common passwords) before it inserts anything.
            var result = await users.CreateAsync(user, request.Password);
            if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName") && await users.FindByEmailAsync(email) is { } raced)
            {
                await TellOwnerAsync(raced, cancellationToken); // registered at the same moment by another request
                return Guid.Empty;
            }
            if (!result.Succeeded) throw Refused(result.Errors);
            // The address is proved by the link (a resident's vote needs it); the account can sign in at once.
            await confirmation.SendAsync(user, request.ReturnUrl, cancellationToken);
            return user.Id;
        }

        private async Task TellOwnerAsync(AppUser owner, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(owner.Email)) return;
            var at = tenant.Current?.Identifier;
            var name = string.IsNullOrWhiteSpace(owner.DisplayName) ? owner.Email : owner.DisplayName;
            await mail.SendAsync(owner.Email, l["Register.ExistingMailSubject"], l["Register.ExistingMailBody", name, owner.Email,
                SiteAddress.Link(configuration, at, "/account/login"), SiteAddress.Link(configuration, at, "/account/forgot-password")], ct);
        }

        private static ValidationException Refused(IEnumerable<IdentityError> errors) =>
            new(errors
                .Select(e => (Field: FieldOf(e.Code), e.Description)).Distinct() // user name = email: one message, not two
                .Select(e => new FluentValidation.Results.ValidationFailure(e.Field, e.Description)));

        private static string FieldOf(string code) =>
            code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Command.Password)
            : code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? nameof(Command.Email)
            : "";
    }
}
