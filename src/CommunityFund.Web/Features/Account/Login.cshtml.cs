using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Account;

/// <summary>Sign in. Inside a tenant the cookie is bound to that tenant; at the platform level it is bound to none.</summary>
[AllowAnonymous]
public class LoginModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>A message from the page that sent the visitor here (e.g. "password reset, sign in with the new one").</summary>
    [TempData] public string? Notice { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        return tenant.Current is { } t ? RedirectToPage("/Tenants/Home", new { tenant = t.Identifier }) : Redirect("/");
    }

    /// <summary>Not an audited command: failed attempts must be counted even though the command is refused.</summary>
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

    /// <summary>
    /// Throttled per address, account and both (<see cref="SignInThrottle"/>), never locked. An unknown address and a
    /// wrong password get the same message after the same work: a password hash is checked either way.
    /// </summary>
    public sealed class Handler(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, ICurrentUser current,
        AuditTrail audit, IStringLocalizer<SharedResource> l) : IRequestHandler<Command, Unit>
    {
        /// <summary>A hash made by the same hasher as the accounts' (same algorithm and work), of a password nobody knows.</summary>
        private static string? _dummyHash;

        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var email = request.Email.Trim();
            var address = current.IpAddress ?? "unknown";
            var wait = await throttle.WaitAsync(email, address, cancellationToken);
            if (wait > TimeSpan.Zero)
            {
                await RecordAsync(email, AuditOutcome.Rejected, "Throttled", cancellationToken);
                throw TooMany(wait);
            }

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                var nobody = new AppUser();
                _dummyHash ??= users.PasswordHasher.HashPassword(nobody, Guid.NewGuid().ToString());
                users.PasswordHasher.VerifyHashedPassword(nobody, _dummyHash, request.Password);
            }
            else if ((await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: false)).Succeeded)
            {
                await throttle.SucceededAsync(email, address, cancellationToken);
                await signIn.SignInAsync(user, isPersistent: false);
                await RecordAsync(email, AuditOutcome.Succeeded, null, cancellationToken);
                return Unit.Value;
            }
            await throttle.FailedAsync(email, address, cancellationToken);
            await RecordAsync(email, AuditOutcome.Rejected, "WrongPasswordOrUnknownAccount", cancellationToken);
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("", l["Login.Failed"])]);
        }

        /// <summary>Every attempt is in the audit trail with the address typed: succeeded, refused, or throttled.</summary>
        private Task RecordAsync(string email, AuditOutcome outcome, string? detail, CancellationToken ct) =>
            audit.RecordAccountEventAsync(new AuditRecord(AuditRecord.Name(typeof(Command)), email, outcome, detail), ct);

        private ValidationException TooMany(TimeSpan wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            var after = seconds < 120 ? l["Duration.Seconds", seconds] : l["Duration.Minutes", (int)Math.Ceiling(seconds / 60.0)];
            return new([new FluentValidation.Results.ValidationFailure("", l["Login.TooManyAttempts", after]) { ErrorCode = Infrastructure.Web.CommandExceptionPageFilter.TooManyRequests }]);
        }
    }
}
