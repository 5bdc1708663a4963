namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>A social organisation's member signs their organisation up; it waits for the secretariat to verify it.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.OrgMember)]
public class RegisterModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Organisations.RegisteredNotice"].Value;
        return RedirectToPage("/Contests/Organisations/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    [RequiresTenantRole(TenantRole.OrgMember)]
    public sealed class Command : OrganisationFields, ICommand<Guid>, IHasAuditTarget
    {
        string? IHasAuditTarget.AuditTarget => CreditCode.Trim();
    }

    public sealed class Validator(IStringLocalizer<ContestResource> t, AppDbContext db) : OrganisationFieldsValidator<Command>(t, db);

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var now = clock.GetUtcNow();
            var organisation = request.ToOrganisation();
            organisation.Status = VerificationStatus.Pending;
            organisation.Channel = RegistrationChannel.SelfRegistered;
            organisation.RegisteredBy = me;
            organisation.CreatedAt = now;
            db.Add(organisation);
            db.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = me, JoinedAt = now });
            return Task.FromResult(organisation.Id);
        }
    }
}
