using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Admin.Tenants;

/// <summary>The platform admin invites a tenant's first secretariat user; the command runs inside that tenant.</summary>
public class InviteModel(IMediator mediator, ITenantContext tenantContext) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    public Tenant? Tenant { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Tenant = await mediator.Send(new Query { TenantId = id });
        return Tenant is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Tenant = await mediator.Send(new Query { TenantId = id });
        if (Tenant is null) return NotFound();
        tenantContext.Set(Tenant.ToInfo());
        await mediator.Send(Input);
        Notice = "Admin.Tenants.InviteSent";
        return RedirectToPage("Invite", new { id });
    }

    [RequiresPlatformAdmin]
    public sealed class Query : IRequest<Tenant?>
    {
        public Guid TenantId { get; init; }
    }

    public sealed class QueryHandler(CatalogDbContext catalog) : IRequestHandler<Query, Tenant?>
    {
        public async Task<Tenant?> Handle(Query request, CancellationToken cancellationToken) =>
            await catalog.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.TenantId, cancellationToken);
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
