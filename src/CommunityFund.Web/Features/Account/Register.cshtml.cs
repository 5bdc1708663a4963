using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;

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

    public async Task<IActionResult> OnPostAsync()
    {
        Input.ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null; // where the confirmation link leads back to
        await mediator.Send(Input);
        if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        return tenant.Current is { } t ? RedirectToPage("/Tenants/Home", new { tenant = t.Identifier }) : Redirect("/");
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

    public sealed class Handler(UserManager<AppUser> users, SignInManager<AppUser> signIn, EmailConfirmation confirmation) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var email = request.Email.Trim();
            var user = new AppUser { UserName = email, Email = email, DisplayName = request.DisplayName.Trim() };
            // Identity checks the duplicate email and the password rules (incl. common passwords) before it inserts anything.
            var result = await users.CreateAsync(user, request.Password);
            if (!result.Succeeded)
                throw new ValidationException(result.Errors
                    .Select(e => (Field: FieldOf(e.Code), e.Description)).Distinct() // user name = email: one message, not two
                    .Select(e => new FluentValidation.Results.ValidationFailure(e.Field, e.Description)));
            await signIn.SignInAsync(user, isPersistent: false);
            // The account works at once; the address is proved by the link (a resident's vote needs it).
            await confirmation.SendAsync(user, request.ReturnUrl, cancellationToken);
            return user.Id;
        }

        private static string FieldOf(string code) =>
            code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Command.Password)
            : code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? nameof(Command.Email)
            : "";
    }
}
