namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>
/// The secretariat registers an organisation it met on a visit (many small groups never sign up online). Having seen its
/// licence on the spot, it may verify it at once.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public class CollectModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Organisations.CollectedNotice"].Value;
        return RedirectToPage("/Contests/Organisations/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : OrganisationFields, ICommand<Guid>, IHasAuditTarget
    {
        /// <summary>The secretariat checked the registration certificate during the visit.</summary>
        public bool VerifyNow { get; set; }
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
            organisation.Channel = RegistrationChannel.CollectedOnVisit;
            organisation.RegisteredBy = me;
            organisation.CreatedAt = now;
            organisation.Status = request.VerifyNow ? VerificationStatus.Verified : VerificationStatus.Pending;
            if (request.VerifyNow) (organisation.VerifiedBy, organisation.VerifiedAt) = (me, now);
            db.Add(organisation);
            return Task.FromResult(organisation.Id);
        }
    }
}
