using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Account;

/// <summary>Sign in. Inside a tenant the cookie is bound to that tenant; at the platform level it is bound to none.</summary>
[AllowAnonymous]
public class LoginModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        return tenant.Current is { } t ? RedirectToPage("/Tenants/Home", new { tenant = t.Identifier }) : Redirect("/");
    }

    /// <summary>Not an audited command: Identity records failed attempts itself, and they must survive (lockout).</summary>
    [AllowAnonymousRequest]
    public sealed class Command : IRequest<Unit>
    {
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(c => c.Email).NotEmpty().WithMessage(_ => l["Validation.EmailRequired"]);
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => l["Validation.PasswordRequired"]);
        }
    }

    public sealed class Handler(SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> l)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.FindByEmailAsync(request.Email.Trim());
            if (user is null) throw Failure(l["Login.Failed"]);
            var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut) throw Failure(l["Login.LockedOut"]);
            if (!result.Succeeded) throw Failure(l["Login.Failed"]);
            return Unit.Value;
        }

        private static ValidationException Failure(string message) =>
            new([new FluentValidation.Results.ValidationFailure("", message)]);
    }
}
