using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>退回 with the one-time list of fixes (the form is on the screening page, shown again with the errors).</summary>
public class ReturnModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : ScreeningScreen(mediator, tenant, t)
{
    /// <summary>The form lives on the screening page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToScreeningAsync(id);

    public Task<IActionResult> OnPostAsync(Guid id) => DecideAsync(id, new Return { ProposalId = id, Fixes = Input.Fixes });

    /// <summary>退回 with the one-time complete list of fixes (一次性告知): one fix per line, blank lines ignored. Once per proposal.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Return : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public string Fixes { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:return";
    }

    public sealed class ReturnValidator : AbstractValidator<Return>
    {
        public ReturnValidator(IStringLocalizer<ScreeningResource> t)
        {
            RuleFor(c => c.Fixes).Custom((text, context) =>
            {
                var lines = FixLines.Parse(text);
                if (lines.Count == 0) context.AddFailure(t["Screening.FixesRequired"]);
                if (lines.Count > ProposalFixList.MaxItems) context.AddFailure(t["Screening.TooManyFixes", ProposalFixList.MaxItems, lines.Count]);
                for (var i = 0; i < lines.Count; i++)
                    if (lines[i].Length > ProposalFixList.ItemMax) context.AddFailure(t["Screening.FixTooLong", i + 1, ProposalFixList.ItemMax]);
            });
        }
    }

    public sealed class ReturnHandler(AppDbContext db, UnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ScreeningResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Return, ProposalStatus>
    {
        public async Task<ProposalStatus> Handle(Return request, CancellationToken cancellationToken)
        {
            var p = await ScreeningDecision.OpenAsync(db, request.ProposalId, t, c, cancellationToken, returning: true);
            var me = ScreeningDecision.Decide(p, ProposalStatus.Returned, user, clock);
            var list = new ProposalFixList { ProposalId = p.Id, IssuedBy = me, IssuedAt = p.ScreenedAt!.Value };
            list.SetItems(FixLines.Parse(request.Fixes).Select(text => new FixItem(text)));
            db.Add(list);
            // Two secretaries returning at once: the proposal's version check or the one-list-per-proposal index stops the second.
            await ScreeningDecision.ClaimAsync(unitOfWork, t["Screening.AlreadyReturned"], cancellationToken);
            await ScreeningDecision.HandOffAsync(handoffs, p, cancellationToken, list.GetItems().Select(f => f.Text));
            return p.Status;
        }
    }
}
