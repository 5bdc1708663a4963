using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Members;

/// <summary>The secretariat invites a person by email to a role in this tenant.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public class InviteModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = "Members.InviteSent";
        return RedirectToPage("/Members/Invite", new { tenant = tenant.Current!.Identifier });
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public string Email { get; set; } = "";
        /// <summary>Bound as text so an unknown role is refused with a message rather than silently defaulted.</summary>
        public string Role { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{Email}:{Role}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(c => c.Email).ValidEmail(l);
            RuleFor(c => c.Role).Must(r => TenantRoleParsing.TryParse(r, out _)).WithMessage(_ => l["Validation.RoleUnknown"]);
        }
    }

    public sealed class Handler(InvitationIssuer issuer) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            if (!TenantRoleParsing.TryParse(request.Role, out var role)) throw new InvalidOperationException("The validator admits only known roles.");
            return issuer.IssueAsync(request.Email, role, cancellationToken);
        }
    }
}
