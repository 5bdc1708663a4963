using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>受理 (the form is on the screening page, shown again with the errors).</summary>
public class AcceptModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : ScreeningScreen(mediator, tenant, t)
{
    /// <summary>The form lives on the screening page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToScreeningAsync(id);

    public Task<IActionResult> OnPostAsync(Guid id) => DecideAsync(id, new Accept { ProposalId = id });

    /// <summary>受理: the proposal goes on to refinement and the roadshow.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Accept : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:accept";
    }

    public sealed class AcceptHandler(AppDbContext db, UnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ScreeningResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Accept, ProposalStatus>
    {
        public async Task<ProposalStatus> Handle(Accept request, CancellationToken cancellationToken)
        {
            var p = await ScreeningDecision.OpenAsync(db, request.ProposalId, t, c, cancellationToken);
            ScreeningDecision.Decide(p, ProposalStatus.Accepted, user, clock);
            await ScreeningDecision.ClaimAsync(unitOfWork, t["Screening.Raced"], cancellationToken);
            await ScreeningDecision.HandOffAsync(handoffs, p, cancellationToken);
            return p.Status;
        }
    }
}
