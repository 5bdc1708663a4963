using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// One project: its header, budget lines, tranche plan and payments. The secretariat moves it through its statuses with
/// explicit commands and requests tranches for committee approval; the organisation's members and other staff read it.
/// Closing out an unspent advance has its own pages (<see cref="ReturnAdvanceModel"/>, <see cref="RequestWriteOffModel"/>)
/// whose forms this page shows.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<ProjectResource> t)
    : ProjectScreen(mediator, tenant)
{
    public async Task OnGetAsync(Guid id)
    {
        Input.ProjectId = id;
        Return.IdempotencyKey = InputRules.NewIdempotencyKey();
        Return.ReturnedOn = clock.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ProjectId = id; // the project is the one in the address, whatever the form says
        var status = await Mediator.Send(Input);
        return Done(id, t["Detail.MovedNotice", t["ProjectStatus." + status]]);
    }

    public async Task<IActionResult> OnPostRequestAsync(Guid id, Guid trancheId)
    {
        Input.ProjectId = id;
        var sequence = await Mediator.Send(new RequestTranche { ProjectId = id, TrancheId = trancheId });
        return Done(id, t["Detail.RequestedNotice", sequence]);
    }

    public sealed record LineView(Guid Id, int Position, string Item, BudgetKind Kind, decimal? Proposed, decimal Approved, string? Reason);

    /// <param name="Blockers">Why the secretariat cannot request or pay this tranche now (only for the next one due; empty otherwise).</param>
    public sealed record TrancheView(Guid Id, int Sequence, int Percent, decimal Amount, TrancheCondition Condition, bool ConditionMet, TrancheStatus Status,
        DateOnly? PaidOn, string? BankReference, int? EntryNumber, IReadOnlyList<string> Blockers);

    /// <summary>A returned-advance or write-off entry of the project.</summary>
    public sealed record CloseOutView(int EntryNumber, DateOnly Date, EntryKind Kind, decimal Amount);

    public sealed record View(
        Guid Id, int Number, string Title, Guid OrganisationId, string Organisation, Guid? ContestId, string? Contest, Guid? ProposalId, int? ProposalNumber,
        int? ProposalVersion, decimal ApprovedAmount, string FundZh, string FundEn, FundingMode Mode, ProjectStatus Status, ProjectStatus? StatusBeforeSuspension,
        string? StatusReason, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<LineView> Lines, IReadOnlyList<TrancheView> Tranches,
        IReadOnlyList<ProjectAction> Actions, bool GrantPending, decimal OutstandingAdvance, IReadOnlyList<CloseOutView> CloseOuts, Guid? PendingWriteOffId,
        Claims.BudgetVsActualModel.View Actual)
    {
        /// <summary>The secretariat may record a return or request a write-off now (final-report stage, something outstanding).</summary>
        public bool CanCloseOut => Status == ProjectStatus.FinalReport && OutstandingAdvance > 0;

        public decimal LinesTotal => Lines.Sum(l => l.Approved);
        public bool OverBudget => ProjectBudget.IsOverApproved(ApprovedAmount, Lines.Select(l => l.Approved));
        public decimal Paid => Tranches.Where(x => x.Status == TrancheStatus.Paid).Sum(x => x.Amount);
        public bool Editable => ProjectLifecycle.IsEditable(Status);

        /// <summary>The first tranche not yet paid, if it can be requested now (tranches go one after another).</summary>
        public TrancheView? NextToRequest =>
            Mode == FundingMode.Advance && Tranches.FirstOrDefault(x => x.Status != TrancheStatus.Paid) is { } next && TranchePlan.IsEditable(next.Status) ? next : null;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProjectId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user, TrancheChecks checks, IFundPayments payments, IFundDirectory funds,
        IAwardHandOver awards) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = await ProjectAccess.OpenAsync(db, user, request.ProjectId, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var fund = await funds.FindAsync(p.PayingFundId, cancellationToken)
                       ?? throw new InvalidOperationException("A project's paying fund always exists (a foreign key).");
            var origin = await awards.OriginAsync(p.ContestId, p.ProposalId, cancellationToken);
            var lines = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position)
                .Select(l => new LineView(l.Id, l.Position, l.Item, l.Kind, l.Proposed, l.Approved, l.AdjustmentReason)).ToListAsync(cancellationToken);
            var tranches = await db.Set<Tranche>().AsNoTracking().Where(x => x.ProjectId == p.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var entries = (await payments.EntriesForAsync(TrancheSource.Type, tranches.Select(x => x.Id).ToList(), cancellationToken))
                .Where(e => !e.IsReversal).ToList();
            // The secretariat's request or pay button for the next tranche due is shown disabled with these reasons, the
            // same checks the request and the payment run, instead of being offered and then refused.
            var due = p.Mode == FundingMode.Advance ? tranches.FirstOrDefault(x => x.Status != TrancheStatus.Paid) : null;
            IReadOnlyList<string> blockers = due is not null && (TranchePlan.IsEditable(due.Status) || due.Status == TrancheStatus.Approved)
                && p.Status != ProjectStatus.PendingApproval && (await user.GetTenantRolesAsync(cancellationToken)).Contains(TenantRole.Secretariat)
                ? await checks.RefusalsAsync(p, due, tranches, cancellationToken)
                : [];
            var views = new List<TrancheView>();
            foreach (var x in tranches)
            {
                views.Add(new TrancheView(x.Id, x.Sequence, x.Percent, x.Amount, x.Condition, await checks.ConditionMetAsync(p, x.Condition, cancellationToken), x.Status,
                    x.PaidOn, x.BankReference, entries.FirstOrDefault(e => e.SourceId == x.Id)?.Number, x == due ? blockers : []));
            }
            var grantPending = p.Status == ProjectStatus.PendingApproval && await db.Set<ApprovalRequest>()
                .AnyAsync(r => r.Kind == ApprovalKind.Grant && r.SubjectId == p.Id && r.Status == ApprovalStatus.Pending, cancellationToken);
            var closeOuts = (await payments.EntriesForAsync(AdvanceCloseOut.SourceType, [p.Id], cancellationToken))
                .Select(e => new CloseOutView(e.Number, e.Date, e.Kind, e.Amount)).ToList();
            var pendingWriteOff = await AdvanceCloseOut.PendingWriteOffAsync(db, p.Id, cancellationToken);
            return new View(p.Id, p.Number, p.Title, p.OrganisationId, organisation, p.ContestId, origin.Contest, p.ProposalId, origin.ProposalNumber, p.ProposalVersion,
                p.ApprovedAmount, fund.NameZh, fund.NameEn, p.Mode, p.Status, p.StatusBeforeSuspension, p.StatusReason, p.StartDate, p.EndDate, lines, views,
                ProjectLifecycle.Allowed(p.Status), grantPending, await AdvanceCloseOut.OutstandingAsync(db, payments, p, cancellationToken), closeOuts, pendingWriteOff?.Id,
                await Claims.BudgetVsActualModel.BuildAsync(db, p, cancellationToken));
        }
    }

    /// <summary>One status step: sign, start, final report, close, suspend (reason), resume, terminate (reason).</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Transition : ICommand<ProjectStatus>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public ProjectAction Action { get; set; }
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:{Action}";
    }

    public sealed class TransitionValidator : AbstractValidator<Transition>
    {
        public TransitionValidator(IStringLocalizer<ProjectResource> t)
        {
            RuleFor(c => c.Action).IsInEnum().WithMessage(_ => t["Transition.Unknown"]);
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).When(c => ProjectLifecycle.NeedsReason(c.Action))
                .WithMessage(c => t["Transition.ReasonRequired", t["ProjectAction." + c.Action]]);
            RuleFor(c => c.Reason).Must(r => r.Trim().Length <= Project.ReasonMax).WithMessage(_ => t["Transition.ReasonTooLong", Project.ReasonMax]);
        }
    }

    public sealed class TransitionHandler(
        AppDbContext db, ITenantContext tenant, TimeProvider clock, ApprovalService approvals, Handoffs handoffs, IFundPayments payments,
        IStringLocalizer<ProjectResource> t, IStringLocalizer<Reports.ReportResource> rt)
        : IRequestHandler<Transition, ProjectStatus>
    {
        public async Task<ProjectStatus> Handle(Transition request, CancellationToken cancellationToken)
        {
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
            if (ProjectLifecycle.Refusal(project.Status, request.Action) is { } refusal) throw Refusal.Because(t[refusal]);
            var tranches = await db.Set<Tranche>().Where(x => x.ProjectId == project.Id).ToListAsync(cancellationToken);
            if (request.Action == ProjectAction.Close && tranches.Any(x => TranchePlan.IsOutstanding(x.Status)))
                throw Refusal.Because(t["Transition.CloseOutstanding"]);
            if (request.Action == ProjectAction.Close)
            {
                // Closing needs the accepted final report, no advance left unaccounted for (net of returns and write-offs)
                // and no write-off still waiting for the committee.
                var closing = (await Reports.ProjectClosing.RefusalsAsync(db, payments, project, cancellationToken)).Select(k => rt[k].Value).ToList();
                if (await AdvanceCloseOut.PendingWriteOffAsync(db, project.Id, cancellationToken) is not null) closing.Add(t["CloseOut.WriteOffPendingClose"]);
                if (closing.Count > 0) throw Refusal.Because(closing);
            }

            var from = project.Status;
            project.Status = ProjectLifecycle.Target(from, request.Action, project.StatusBeforeSuspension);
            project.StatusBeforeSuspension = request.Action == ProjectAction.Suspend ? from : null;
            project.StatusReason = ProjectLifecycle.NeedsReason(request.Action) ? request.Reason.Trim() : null;
            project.Version++;
            if (request.Action == ProjectAction.Terminate) await WithdrawPendingRequestsAsync(project, tranches, cancellationToken);
            return project.Status;
        }

        /// <summary>
        /// A terminated project's money requests are withdrawn, so the committee is not asked to approve them, and its
        /// approved tranches will not be paid: those steps leave the time-limit dashboard.
        /// </summary>
        private async Task WithdrawPendingRequestsAsync(Project project, List<Tranche> tranches, CancellationToken ct)
        {
            var subjects = tranches.Select(x => x.Id).Append(project.Id).ToList();
            var pending = await db.Set<ApprovalRequest>()
                .Where(r => subjects.Contains(r.SubjectId) && (r.Kind == ApprovalKind.Grant || r.Kind == ApprovalKind.TranchePayment || r.Kind == ApprovalKind.AdvanceWriteOff)
                            && r.Status == ApprovalStatus.Pending)
                .ToListAsync(ct);
            foreach (var r in pending)
            {
                r.Status = ApprovalStatus.Withdrawn;
                r.DecidedAt = clock.GetUtcNow();
                r.Version++;
                await approvals.ConcludedAsync(r, ct);
            }
            foreach (var x in tranches.Where(x => x.Status == TrancheStatus.Approved))
                await handoffs.CloseStepAsync(TimedStep.Payment, x.Id, ct);
            foreach (var x in tranches.Where(x => x.Status == TrancheStatus.Requested))
            {
                x.Status = TrancheStatus.Planned;
                x.Version++;
            }
        }
    }

    /// <summary>Asks the committee to approve paying the next tranche, after the same checks the payment will run.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class RequestTranche : ICommand<int>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public Guid TrancheId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:tranche:{TrancheId}";
    }

    public sealed class RequestTrancheHandler(AppDbContext db, ITenantContext tenant, TrancheChecks checks, ApprovalService approvals,
        IStringLocalizer<ProjectResource> t) : IRequestHandler<RequestTranche, int>
    {
        public async Task<int> Handle(RequestTranche request, CancellationToken cancellationToken)
        {
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
            var plan = await db.Set<Tranche>().Where(x => x.ProjectId == project.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var tranche = plan.SingleOrDefault(x => x.Id == request.TrancheId) ?? throw new NotFoundException("No such tranche on this project.");
            if (!TranchePlan.IsEditable(tranche.Status)) throw Refusal.Because(t["Request.Already." + tranche.Status, tranche.Sequence]);
            var refusals = await checks.RefusalsAsync(project, tranche, plan, cancellationToken);
            if (refusals.Count > 0) throw Refusal.Because(refusals);

            var organisation = await db.Set<Organisation>().Where(o => o.Id == project.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            string summary;
            using (Cultures.Use(Cultures.Chinese))
                summary = t["Approval.TrancheSummary", project.Number, project.Title, tranche.Sequence, organisation, Formats.Money(tranche.Amount)].Value;
            var approval = await approvals.RequestAsync(ApprovalKind.TranchePayment, tranche.Id, project.OrganisationId, tranche.Amount, summary, cancellationToken);
            tranche.Status = TrancheStatus.Requested;
            tranche.ApprovalRequestId = approval.Id;
            tranche.Version++;
            return tranche.Sequence;
        }
    }
}

/// <summary>How a tranche payment's journal entry points back at the tranche.</summary>
public static class TrancheSource
{
    public const string Type = "Tranche";
}
