using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>不予受理 with a reason (the form is on the screening page, shown again with the errors).</summary>
public class RejectModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : ScreeningScreen(mediator, tenant, t)
{
    /// <summary>The form lives on the screening page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToScreeningAsync(id);

    public Task<IActionResult> OnPostAsync(Guid id) => DecideAsync(id, new Reject { ProposalId = id, Reason = Input.Reason });

    /// <summary>不予受理, with a reason the organisation reads.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Reject : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public string Reason { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:reject";
    }

    public sealed class RejectValidator : AbstractValidator<Reject>
    {
        public RejectValidator(IStringLocalizer<ScreeningResource> t)
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Screening.ReasonRequired"])
                .Must(r => r.Trim().Length <= Proposal.ReasonMax).WithMessage(_ => t["Screening.ReasonTooLong", Proposal.ReasonMax]);
        }
    }

    public sealed class RejectHandler(AppDbContext db, UnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ScreeningResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Reject, ProposalStatus>
    {
        public async Task<ProposalStatus> Handle(Reject request, CancellationToken cancellationToken)
        {
            var p = await ScreeningDecision.OpenAsync(db, request.ProposalId, t, c, cancellationToken);
            ScreeningDecision.Decide(p, ProposalStatus.Rejected, user, clock);
            p.RejectionReason = request.Reason.Trim();
            await ScreeningDecision.ClaimAsync(unitOfWork, t["Screening.Raced"], cancellationToken);
            await ScreeningDecision.HandOffAsync(handoffs, p, cancellationToken);
            return p.Status;
        }
    }
}
