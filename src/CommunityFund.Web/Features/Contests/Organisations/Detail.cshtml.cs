using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>
/// One organisation. The secretariat verifies it (having checked its registration certificate) or rejects it with a
/// reason the organisation can read; a rejected organisation may be verified later, once it has put things right.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool CanVerify => IsSecretariat && Data.Status != VerificationStatus.Verified;
    public bool CanReject => IsSecretariat && Data.Status == VerificationStatus.Pending;

    public async Task OnGetAsync(Guid id)
    {
        Input.OrganisationId = id;
        await ReloadAsync();
    }

    public Task<IActionResult> OnPostVerifyAsync(Guid id) => DecideAsync(id, verify: true);

    public Task<IActionResult> OnPostRejectAsync(Guid id) => DecideAsync(id, verify: false);

    private async Task<IActionResult> DecideAsync(Guid id, bool verify)
    {
        Input.OrganisationId = id; // the organisation is the one in the address, whatever the form says
        Input.Verify = verify;
        await mediator.Send(Input);
        TempData["Notice"] = (verify ? t["Organisations.VerifiedNotice"] : t["Organisations.RejectedNotice"]).Value;
        return RedirectToPage("/Contests/Organisations/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { OrganisationId = Input.OrganisationId });

    public sealed record View(
        Guid Id, string Name, string CreditCode, OrganisationCategory Category, string ContactPerson, string Phone, string Address,
        VerificationStatus Status, string? RejectionReason, RegistrationChannel Channel, string RegisteredBy, DateTimeOffset CreatedAt,
        string? VerifiedBy, DateTimeOffset? VerifiedAt, IReadOnlyList<string> Members);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid OrganisationId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            // Another tenant's organisation, or one the member does not act for, is simply not there for them.
            var visible = await OrganisationAccess.VisibleAsync(db, user, cancellationToken);
            var o = await visible.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.OrganisationId, cancellationToken)
                    ?? throw new NotFoundException("No such organisation in this tenant.");
            var memberIds = await db.Set<OrganisationMember>().Where(m => m.OrganisationId == o.Id).OrderBy(m => m.JoinedAt)
                .Select(m => m.UserId).ToListAsync(cancellationToken);
            var people = new List<Guid>(memberIds) { o.RegisteredBy };
            if (o.VerifiedBy is { } verifier) people.Add(verifier);
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            return new View(o.Id, o.Name, o.CreditCode, o.Category, o.ContactPerson, o.Phone, o.Address, o.Status, o.RejectionReason, o.Channel,
                names.GetValueOrDefault(o.RegisteredBy, "?"), o.CreatedAt,
                o.VerifiedBy is { } by ? names.GetValueOrDefault(by, "?") : null, o.VerifiedAt,
                memberIds.Select(m => names.GetValueOrDefault(m, "?")).ToList());
        }
    }

    /// <summary>Verify (from pending or rejected) or reject (from pending, with a reason). Secretariat only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<VerificationStatus>, IHasAuditTarget
    {
        public Guid OrganisationId { get; set; }
        public bool Verify { get; set; }
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{OrganisationId}:{(Verify ? "verify" : "reject")}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ContestResource> t)
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).When(c => !c.Verify).WithMessage(_ => t["Organisations.RejectReasonRequired"])
                .MaximumLength(Organisation.ReasonMax).WithMessage(_ => t["Field.TooLong", Organisation.ReasonMax]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<ContestResource> t)
        : IRequestHandler<Command, VerificationStatus>
    {
        public async Task<VerificationStatus> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var o = await db.Set<Organisation>().SingleOrDefaultAsync(x => x.Id == request.OrganisationId, cancellationToken)
                    ?? throw new NotFoundException("No such organisation in this tenant.");
            var allowed = request.Verify ? o.Status != VerificationStatus.Verified : o.Status == VerificationStatus.Pending;
            if (!allowed)
                throw Refusal.Because(t["Organisations.AlreadyDecided", t["Status." + o.Status]]);
            o.Status = request.Verify ? VerificationStatus.Verified : VerificationStatus.Rejected;
            o.RejectionReason = request.Verify ? null : request.Reason.Trim();
            o.VerifiedBy = me;
            o.VerifiedAt = clock.GetUtcNow();
            return o.Status;
        }
    }
}
