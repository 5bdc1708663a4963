using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>容缺受理 (the form is on the screening page, shown again with the errors).</summary>
public class AcceptWithMissingDocumentsModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : ScreeningScreen(mediator, tenant, t)
{
    /// <summary>The form lives on the screening page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToScreeningAsync(id);

    public Task<IActionResult> OnPostAsync(Guid id) => DecideAsync(id, new AcceptWithMissingDocuments { ProposalId = id });

    /// <summary>容缺受理: accepted although named documents are still owed; needs at least one commitment not yet supplied.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class AcceptWithMissingDocuments : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:accept-missing-documents";
    }

    public sealed class AcceptWithMissingDocumentsHandler(AppDbContext db, UnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ScreeningResource> t,
        IStringLocalizer<ContestResource> c) : IRequestHandler<AcceptWithMissingDocuments, ProposalStatus>
    {
        public async Task<ProposalStatus> Handle(AcceptWithMissingDocuments request, CancellationToken cancellationToken)
        {
            var p = await ScreeningDecision.OpenAsync(db, request.ProposalId, t, c, cancellationToken);
            if (!await MissingDocuments.HasOutstandingAsync(db, p.Id, cancellationToken))
                throw Refusal.Because(t["Screening.NoCommitments"]);
            ScreeningDecision.Decide(p, ProposalStatus.Accepted, user, clock);
            p.AcceptedWithMissingDocuments = true;
            await ScreeningDecision.ClaimAsync(unitOfWork, t["Screening.Raced"], cancellationToken);
            await ScreeningDecision.HandOffAsync(handoffs, p, cancellationToken);
            return p.Status;
        }
    }
}
