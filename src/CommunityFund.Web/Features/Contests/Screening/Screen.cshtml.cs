using CommunityFund.Web.Infrastructure.Web;
using FluentValidation.Results;
using MySqlConnector;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// 初审 of one proposal: the secretariat reads the latest submitted version and accepts it, rejects it with a reason,
/// returns it once with the complete list of fixes (一次性告知), or accepts it with missing documents (容缺受理).
/// The committee and auditors read the same page without the actions.
/// </summary>
public class ScreenModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : PageModel, IReloadOnInvalid
{
    /// <summary>The decision form: the reason for a rejection and the one-time list for a return (one fix per line).</summary>
    [BindProperty] public DecisionForm Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public Guid ProposalId { get; private set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool CanDecide => IsSecretariat && Data.Stage == ContestStage.Screening && Data.Status == ProposalStatus.Submitted;
    public bool CanReturn => CanDecide && Data.FixList is null;
    public bool CanAcceptWithMissingDocuments => CanDecide && Data.Commitments.Any(c => c.State != CommitmentState.Supplied);

    public async Task OnGetAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id) => DecideAsync(id, new Accept { ProposalId = id });

    public Task<IActionResult> OnPostAcceptWithMissingDocumentsAsync(Guid id) => DecideAsync(id, new AcceptWithMissingDocuments { ProposalId = id });

    public Task<IActionResult> OnPostRejectAsync(Guid id) => DecideAsync(id, new Reject { ProposalId = id, Reason = Input.Reason });

    public Task<IActionResult> OnPostReturnAsync(Guid id) => DecideAsync(id, new Return { ProposalId = id, Fixes = Input.Fixes });

    private async Task<IActionResult> DecideAsync(Guid id, IRequest<ProposalStatus> decision)
    {
        ProposalId = id; // the proposal is the one in the address, whatever the form says
        var status = await mediator.Send(decision);
        TempData["Notice"] = t["Screening.DecidedNotice", t["ProposalStatus." + status]].Value;
        return RedirectToPage("/Contests/Screening/Screen", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProposalId = ProposalId });

    /// <summary>A contest theme in the reader's language; a theme the contest added itself is shown as written.</summary>
    public static string ThemeName(IStringLocalizer<ContestResource> c, string category)
    {
        var name = c["Theme." + category];
        return name.ResourceNotFound ? category : name.Value;
    }

    public sealed class DecisionForm
    {
        public string Reason { get; set; } = "";
        public string Fixes { get; set; } = "";
    }

    public sealed record FixListView(IReadOnlyList<FixItem> Items, string IssuedBy, DateTimeOffset IssuedAt, int? AnsweredInVersion, DateTimeOffset? AnsweredAt);

    public sealed record CommitmentRow(string DocumentName, DateOnly DueDate, CommitmentState State, DateTimeOffset? SuppliedAt);

    public sealed record View(
        Guid Id, Guid ContestId, string ContestTitle, ContestStage Stage, int Number, ProposalStatus Status, string Organisation,
        ProposalChannel Channel, int LatestVersion, DateTimeOffset? LastSubmittedAt, ProposalContent? Submitted, string? RejectionReason,
        bool AcceptedWithMissingDocuments, string? ScreenedBy, DateTimeOffset? ScreenedAt, FixListView? FixList, IReadOnlyList<CommitmentRow> Commitments);

    /// <summary>Staff read a proposal's screening file; organisations and judges do not (403), another tenant's id is not there (404).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (p, _) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == p.ContestId)
                .Select(c => new { c.Title, c.Stage }).SingleAsync(cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";
            var version = p.LatestVersion == 0 ? null
                : await db.Set<ProposalVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.ProposalId == p.Id && v.Number == p.LatestVersion, cancellationToken);
            var fixList = await db.Set<ProposalFixList>().AsNoTracking().SingleOrDefaultAsync(f => f.ProposalId == p.Id, cancellationToken);
            var today = clock.Today();
            var commitments = (await db.Set<MissingDocumentCommitment>().AsNoTracking().Where(c => c.ProposalId == p.Id)
                    .OrderBy(c => c.DueDate).ThenBy(c => c.CommittedAt).ToListAsync(cancellationToken))
                .Select(c => new CommitmentRow(c.DocumentName, c.DueDate, c.StateOn(today), c.SuppliedAt)).ToList();
            var people = new List<Guid>();
            if (p.ScreenedBy is { } screener) people.Add(screener);
            if (fixList is not null) people.Add(fixList.IssuedBy);
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            return new View(p.Id, p.ContestId, contest.Title, contest.Stage, p.Number, p.Status, organisation, p.Channel, p.LatestVersion, p.LastSubmittedAt,
                version?.GetContent(), p.RejectionReason, p.AcceptedWithMissingDocuments,
                p.ScreenedBy is { } by ? names.GetValueOrDefault(by, "?") : null, p.ScreenedAt,
                fixList is null ? null : new FixListView(fixList.GetItems(), names.GetValueOrDefault(fixList.IssuedBy, "?"), fixList.IssuedAt,
                    fixList.AnsweredInVersion, fixList.AnsweredAt),
                commitments);
        }
    }

    /// <summary>受理: the proposal goes on to refinement and the roadshow.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Accept : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:accept";
    }

    /// <summary>容缺受理: accepted although named documents are still owed; needs at least one commitment not yet supplied.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class AcceptWithMissingDocuments : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:accept-missing-documents";
    }

    /// <summary>不予受理, with a reason the organisation reads.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Reject : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public string Reason { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:reject";
    }

    /// <summary>退回 with the one-time complete list of fixes (一次性告知): one fix per line, blank lines ignored. Once per proposal.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Return : ICommand<ProposalStatus>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public string Fixes { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:return";
    }

    public sealed class RejectValidator : AbstractValidator<Reject>
    {
        public RejectValidator(IStringLocalizer<ScreeningResource> t)
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Screening.ReasonRequired"])
                .Must(r => r.Trim().Length <= Proposal.ReasonMax).WithMessage(_ => t["Screening.ReasonTooLong", Proposal.ReasonMax]);
        }
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

    public sealed class AcceptWithMissingDocumentsHandler(AppDbContext db, UnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ScreeningResource> t,
        IStringLocalizer<ContestResource> c) : IRequestHandler<AcceptWithMissingDocuments, ProposalStatus>
    {
        public async Task<ProposalStatus> Handle(AcceptWithMissingDocuments request, CancellationToken cancellationToken)
        {
            var p = await ScreeningDecision.OpenAsync(db, request.ProposalId, t, c, cancellationToken);
            if (!await MissingDocuments.HasOutstandingAsync(db, p.Id, cancellationToken))
                throw ScreeningDecision.Refuse(t["Screening.NoCommitments"]);
            ScreeningDecision.Decide(p, ProposalStatus.Accepted, user, clock);
            p.AcceptedWithMissingDocuments = true;
            await ScreeningDecision.ClaimAsync(unitOfWork, t["Screening.Raced"], cancellationToken);
            await ScreeningDecision.HandOffAsync(handoffs, p, cancellationToken);
            return p.Status;
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

/// <summary>The one-time list as typed: one fix per line, surrounding spaces and blank lines dropped.</summary>
public static class FixLines
{
    public static List<string> Parse(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}

/// <summary>What every screening decision shares: when it is allowed, who took it when, and how a race is refused.</summary>
public static class ScreeningDecision
{
    public static ValidationException Refuse(string message) => new([new ValidationFailure("", message)]);

    /// <summary>
    /// Loads the proposal for a decision. Decisions are taken only in the contest's screening stage and only on a
    /// submitted proposal; a return is refused outright once the proposal has had its one-time list.
    /// </summary>
    public static async Task<Proposal> OpenAsync(AppDbContext db, Guid proposalId, IStringLocalizer<ScreeningResource> t, IStringLocalizer<ContestResource> c,
        CancellationToken ct, bool returning = false)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == proposalId, ct)
                ?? throw new NotFoundException("No such proposal in this tenant.");
        if (returning && await db.Set<ProposalFixList>().AnyAsync(f => f.ProposalId == p.Id, ct))
            throw Refuse(t["Screening.AlreadyReturned"]);
        var stage = await db.Set<Contest>().Where(x => x.Id == p.ContestId).Select(x => x.Stage).SingleAsync(ct);
        if (stage != ContestStage.Screening) throw Refuse(t["Screening.NotInScreening", c["ContestStage." + stage]]);
        if (p.Status != ProposalStatus.Submitted) throw Refuse(t["Screening.NotSubmitted." + p.Status]);
        return p;
    }

    /// <summary>Records the decision on the proposal; returns the deciding user.</summary>
    public static Guid Decide(Proposal p, ProposalStatus status, ICurrentUser user, TimeProvider clock)
    {
        var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
        p.Status = status;
        p.ScreenedBy = me;
        p.ScreenedAt = clock.GetUtcNow();
        p.Version++;
        return me;
    }

    /// <summary>
    /// The decision ends the screening step under its time limit and tells the organisation: accepted, not accepted
    /// (with the reason) or returned (with the one-time list).
    /// </summary>
    public static async Task HandOffAsync(Handoffs handoffs, Proposal p, CancellationToken ct, IEnumerable<string>? fixes = null)
    {
        await handoffs.CloseStepAsync(TimedStep.Screening, p.Id, ct);
        var (what, detail) = p.Status switch
        {
            ProposalStatus.Returned => ("ProposalReturned", Handoffs.List(fixes ?? [])),
            ProposalStatus.Rejected => ("ProposalRejected", p.RejectionReason ?? ""),
            _ => ("ProposalAccepted", ""),
        };
        await handoffs.TellOrganisationAsync(p.OrganisationId, what, "/proposals/" + p.Id, ct, p.Number, p.Title, detail);
    }

    /// <summary>
    /// Writes the decision now, inside the command's transaction: UPDATE … WHERE Version = (what we read). A second
    /// decision racing this one waits on the row, then matches nothing (or hits the unique fix-list index) and is refused.
    /// </summary>
    public static async Task ClaimAsync(UnitOfWork unitOfWork, string raceMessage, CancellationToken ct)
    {
        unitOfWork.OnConflict(raceMessage);
        await unitOfWork.FlushAsync(ct);
    }
}
