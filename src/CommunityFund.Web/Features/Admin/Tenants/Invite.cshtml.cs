using CommunityFund.Web.Features.Account;
using CommunityFund.Web.Features.Members;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Admin.Tenants;

/// <summary>The platform admin invites a tenant's first secretariat user; the command runs inside that tenant.</summary>
public class InviteModel(IMediator mediator, CatalogDbContext catalog, ITenantContext tenantContext) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    public Tenant? Tenant { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Tenant = await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
        return Tenant is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Tenant = await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
        if (Tenant is null) return NotFound();
        tenantContext.Set(Tenant.ToInfo());
        await mediator.Send(Input);
        Notice = "Admin.Tenants.InviteSent";
        return RedirectToPage("Invite", new { id });
    }

    [RequiresPlatformAdmin]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public string Email { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => Email;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SharedResource> l) => RuleFor(c => c.Email).ValidEmail(l);
    }

    public sealed class Handler(InvitationIssuer issuer) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken) =>
            issuer.IssueAsync(request.Email, TenantRole.Secretariat, cancellationToken);
    }
}
