using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Account;

/// <summary>
/// The link of the reset e-mail: a new password replaces the old one once. The security stamp changes with it, so the
/// link cannot be used again and every other session is signed out at its next check.
/// </summary>
[AllowAnonymous]
public class ResetPasswordModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public void OnGet(Guid userId, string? code)
    {
        Input.UserId = userId;
        Input.Code = code ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = "ResetPassword.Done";
        return RedirectToPage("/Account/Login", new { tenant = tenant.Current?.Identifier });
    }

    [AllowAnonymousRequest]
    public sealed class Command : IPlatformCommand<Guid>, IHasAuditTarget
    {
        public Guid UserId { get; set; }
        public string Code { get; set; } = "";
        public string Password { get; set; } = "";
        public string ConfirmPassword { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => UserId.ToString();
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => l["Validation.PasswordRequired"])
                .MinimumLength(8).WithMessage(_ => l["Validation.PasswordTooShort", 8])
                .MaximumLength(MaxLengthPasswordValidator.MaxLength).WithMessage(_ => l["Validation.PasswordTooLong", MaxLengthPasswordValidator.MaxLength]);
            RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage(_ => l["Validation.PasswordsDiffer"]);
        }
    }

    public sealed class Handler(UserManager<AppUser> users, IStringLocalizer<SharedResource> l) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = request.Code.Length == 0 ? null : await users.FindByIdAsync(request.UserId.ToString());
            if (user is null) throw Refusal.Because(l["ResetPassword.Invalid"]);
            // Identity checks the token (signature, expiry, the current security stamp) and the password rules.
            var result = await users.ResetPasswordAsync(user, request.Code, request.Password);
            if (result.Succeeded) return user.Id;
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))) throw Refusal.Because(l["ResetPassword.Invalid"]);
            throw new ValidationException(result.Errors.Select(e => new FluentValidation.Results.ValidationFailure(
                e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Command.Password) : "", e.Description)));
        }
    }
}
