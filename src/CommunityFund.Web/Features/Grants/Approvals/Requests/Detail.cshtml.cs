using MySqlConnector;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Approvals.Requests;

/// <summary>
/// One money request: what it is for, what it needs, the decisions so far; committee members who may decide approve or
/// reject it here, and its preparer may withdraw it while nobody has decided yet (DESIGN §5, invariant 8).
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<GrantsApprovalResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Decide Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        Input.RequestId = id;
        await ReloadAsync();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id) => DecideAsync(id, approve: true);

    public Task<IActionResult> OnPostRejectAsync(Guid id) => DecideAsync(id, approve: false);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve)
    {
        Input.RequestId = id; // the request is the one in the address, whatever the form says
        Input.Approve = approve;
        var status = await mediator.Send(Input);
        Notice = status switch
        {
            ApprovalStatus.Approved => t["Decide.ApprovedNotice"],
            ApprovalStatus.Rejected => t["Decide.RejectedNotice"],
            _ => t["Decide.RecordedNotice"],
        };
        return RedirectToPage("/Grants/Approvals/Requests/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id)
    {
        Input.RequestId = id;
        await mediator.Send(new Withdraw { RequestId = id });
        Notice = t["Withdraw.Notice"];
        return RedirectToPage("/Grants/Approvals/Requests/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { RequestId = Input.RequestId });

    public sealed record DecisionRow(string Approver, bool Approved, bool WasChair, string Comment, DateTimeOffset At);

    public sealed record View(
        Guid Id, ApprovalKind Kind, Guid SubjectId, string Summary, decimal Amount, string? Organisation, int RequiredApprovals, bool ChairRequired,
        ApprovalStatus Status, string PreparedBy, DateTimeOffset PreparedAt, DateTimeOffset? DecidedAt, int Approvals, bool ChairApproved,
        IReadOnlyList<DecisionRow> Decisions, bool IsCommittee, ApprovalRefusal Refusal, bool CanWithdraw, bool ChairMissing, string? SubjectLink)
    {
        public bool IsPending => Status == ApprovalStatus.Pending;
        public bool MayDecide => IsPending && IsCommittee && Refusal == ApprovalRefusal.None;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid RequestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var r = await db.Set<ApprovalRequest>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.RequestId, cancellationToken)
                    ?? throw new NotFoundException("No such approval request in this tenant.");
            var organisation = r.OrganisationId is { } org
                ? await db.Set<Organisation>().Where(o => o.Id == org).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken)
                : null;
            var decisions = await db.Set<ApprovalDecision>().AsNoTracking().Where(d => d.RequestId == r.Id)
                .OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, decisions.Select(d => d.ApproverId).Append(r.PreparedBy), cancellationToken);
            var isCommittee = (await user.GetTenantRolesAsync(cancellationToken)).Contains(TenantRole.Committee);
            var pending = r.Status == ApprovalStatus.Pending;
            var refusal = pending ? await ApprovalAccess.RefusalAsync(db, r, me, isCommittee, cancellationToken) : ApprovalRefusal.None;
            var settings = await GrantSettingsStore.LoadAsync(db, cancellationToken);
            var approvals = decisions.Where(d => d.Approved).ToList();
            return new View(
                r.Id, r.Kind, r.SubjectId, r.Summary, r.Amount, organisation, r.RequiredApprovals, r.ChairRequired, r.Status,
                names.GetValueOrDefault(r.PreparedBy, "?"), r.PreparedAt, r.DecidedAt, approvals.Count, approvals.Any(d => d.ApproverWasChair),
                decisions.Select(d => new DecisionRow(names.GetValueOrDefault(d.ApproverId, "?"), d.Approved, d.ApproverWasChair, d.Comment, d.DecidedAt)).ToList(),
                isCommittee, refusal, CanWithdraw: pending && r.PreparedBy == me && decisions.Count == 0,
                ChairMissing: pending && r.ChairRequired && settings.ChairId is null, SubjectLink: await SubjectLinkAsync(r, cancellationToken));
        }

        /// <summary>The page of what the money is for (inside the tenant): the project, the claim or the transfer.</summary>
        private async Task<string?> SubjectLinkAsync(ApprovalRequest r, CancellationToken ct) => r.Kind switch
        {
            ApprovalKind.Grant or ApprovalKind.AdvanceWriteOff => "/projects/" + r.SubjectId,
            ApprovalKind.TranchePayment => await db.Set<Projects.Tranche>().Where(t => t.Id == r.SubjectId).Select(t => (Guid?)t.ProjectId).SingleOrDefaultAsync(ct) is { } project
                ? "/projects/" + project : null,
            ApprovalKind.ClaimPayment => "/claims/" + r.SubjectId,
            ApprovalKind.FundTransfer => "/ledger/transfers/" + r.SubjectId,
            _ => null,
        };
    }

    /// <summary>
    /// A committee member approves or rejects a pending request. The preparer, a member with a recorded conflict with the
    /// organisation and a member who already decided are refused. Enough approvals (the chair among them when required)
    /// approve the request; one rejection ends it. Either way the outcome registered for the request's kind runs in the
    /// same transaction.
    /// </summary>
    [RequiresTenantRole(TenantRole.Committee)]
    public sealed class Decide : ICommand<ApprovalStatus>, IHasAuditTarget
    {
        public Guid RequestId { get; set; }
        public bool Approve { get; set; }
        public string Comment { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{RequestId} {(Approve ? "approve" : "reject")}";
    }

    public sealed class DecideValidator : AbstractValidator<Decide>
    {
        public DecideValidator(IStringLocalizer<GrantsApprovalResource> t)
        {
            RuleFor(c => c.Comment).Must(c => !string.IsNullOrWhiteSpace(c)).When(c => !c.Approve).WithMessage(_ => t["Decide.CommentRequired"]);
            RuleFor(c => c.Comment).Must(c => (c ?? "").Trim().Length <= ApprovalDecision.CommentMax)
                .WithMessage(_ => t["Field.TooLong", ApprovalDecision.CommentMax]);
        }
    }

    public sealed class DecideHandler(UnitOfWork unitOfWork, 
        AppDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IApprovalOutcome> outcomes, ApprovalService approvals,
        IStringLocalizer<GrantsApprovalResource> t)
        : IRequestHandler<Decide, ApprovalStatus>
    {
        public async Task<ApprovalStatus> Handle(Decide command, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            await ApprovalAccess.LockAsync(db, command.RequestId, cancellationToken);
            var request = await db.Set<ApprovalRequest>().SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken)
                          ?? throw new NotFoundException("No such approval request in this tenant.");
            if (request.Status != ApprovalStatus.Pending)
                throw Refusal.Because(t["Decide.NotPending", t["Status." + request.Status]]);
            var isCommittee = (await user.GetTenantRolesAsync(cancellationToken)).Contains(TenantRole.Committee);
            var refusal = await ApprovalAccess.RefusalAsync(db, request, me, isCommittee, cancellationToken);
            if (refusal == ApprovalRefusal.NotCommittee) throw new ForbiddenException("Committee members only.");
            if (refusal != ApprovalRefusal.None) throw Refusal.Because(ApprovalAccess.RefusalMessage(t, refusal));

            var settings = await GrantSettingsStore.LoadAsync(db, cancellationToken);
            var now = clock.GetUtcNow();
            var mine = new ApprovalDecision
            {
                RequestId = request.Id, ApproverId = me, Approved = command.Approve, ApproverWasChair = settings.ChairId == me,
                Comment = (command.Comment ?? "").Trim(), DecidedAt = now,
            };
            db.Add(mine);
            if (command.Approve)
            {
                var approvals = await db.Set<ApprovalDecision>().Where(d => d.RequestId == request.Id && d.Approved)
                    .Select(d => new Approver(d.ApproverId, d.ApproverWasChair)).ToListAsync(cancellationToken);
                approvals.Add(new Approver(me, mine.ApproverWasChair));
                if (MakerChecker.IsSatisfied(new ApprovalRequirement(request.RequiredApprovals, request.ChairRequired), request.PreparedBy, approvals))
                    (request.Status, request.DecidedAt) = (ApprovalStatus.Approved, now);
            }
            else
            {
                (request.Status, request.DecidedAt) = (ApprovalStatus.Rejected, now);
            }
            request.Version++;
            // UPDATE … WHERE Version = (what we read), and the unique (request, approver) index: a race lost here
            // is refused before any outcome runs.
            unitOfWork.OnConflict(t["Decide.Stale"], duplicateMessage: t["Decide.AlreadyDecided"]);
            await unitOfWork.FlushAsync(cancellationToken);

            var outcome = ApprovalOutcomes.For(outcomes, request.Kind);
            if (outcome is not null && request.Status == ApprovalStatus.Approved) await outcome.ApprovedAsync(request, cancellationToken);
            if (outcome is not null && request.Status == ApprovalStatus.Rejected) await outcome.RejectedAsync(request, cancellationToken);
            await approvals.ConcludedAsync(request, cancellationToken);
            return request.Status;
        }
    }

    /// <summary>The preparer takes a request back while it is pending and nobody has decided on it yet.</summary>
    [RequiresTenantRole]
    public sealed class Withdraw : ICommand<ApprovalStatus>, IHasAuditTarget
    {
        public Guid RequestId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{RequestId} withdraw";
    }

    public sealed class WithdrawHandler(UnitOfWork unitOfWork, 
        AppDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IApprovalOutcome> outcomes, ApprovalService approvals,
        IStringLocalizer<GrantsApprovalResource> t)
        : IRequestHandler<Withdraw, ApprovalStatus>
    {
        public async Task<ApprovalStatus> Handle(Withdraw command, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            await ApprovalAccess.LockAsync(db, command.RequestId, cancellationToken);
            var request = await db.Set<ApprovalRequest>().SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken)
                          ?? throw new NotFoundException("No such approval request in this tenant.");
            if (request.PreparedBy != me) throw new ForbiddenException("Only the preparer may withdraw a request.");
            if (request.Status != ApprovalStatus.Pending)
                throw Refusal.Because(t["Withdraw.NotPending", t["Status." + request.Status]]);
            if (await db.Set<ApprovalDecision>().AnyAsync(d => d.RequestId == request.Id, cancellationToken))
                throw Refusal.Because(t["Withdraw.HasDecisions"]);
            (request.Status, request.DecidedAt) = (ApprovalStatus.Withdrawn, clock.GetUtcNow());
            request.Version++;
            unitOfWork.OnConflict(t["Decide.Stale"]);
            await unitOfWork.FlushAsync(cancellationToken);
            if (ApprovalOutcomes.For(outcomes, request.Kind) is { } outcome) await outcome.WithdrawnAsync(request, cancellationToken);
            await approvals.ConcludedAsync(request, cancellationToken);
            return request.Status;
        }
    }
}
