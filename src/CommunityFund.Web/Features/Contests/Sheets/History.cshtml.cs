using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>
/// One sheet's history: every save, submission and unlock with who, when and the total at that moment. Read by the
/// secretariat, committee and auditors, and by the sheet's own judge. The secretariat unlocks a submitted sheet here,
/// during the roadshow, with a reason that goes into the sheet's history and the audit log (invariant 7).
/// </summary>
public class HistoryModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<SheetResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Unlock Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(Guid sheetId)
    {
        Input.SheetId = sheetId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid sheetId)
    {
        Input.SheetId = sheetId;
        await mediator.Send(Input);
        TempData["Notice"] = t["History.UnlockedNotice"].Value;
        return RedirectToPage("/Contests/Sheets/History", new { tenant = tenant.Current!.Identifier, sheetId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { SheetId = Input.SheetId });

    public sealed record Criterion(string Id, string Name);
    public sealed record Event(SheetEventKind Kind, string Actor, DateTimeOffset At, decimal Total, IReadOnlyDictionary<string, decimal> Scores, string? Reason);

    public sealed record View(Guid SheetId, Guid ContestId, string ContestTitle, ContestStage Stage, Guid ProposalId, int Number, string Title,
        string Judge, SheetStatus Status, DateTimeOffset? SubmittedAt, IReadOnlyList<Criterion> Criteria, IReadOnlyList<Event> Events, bool ViewerIsStaff)
    {
        public bool CanUnlock => Stage == ContestStage.Roadshow && Status == SheetStatus.Submitted;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid SheetId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        private static readonly TenantRole[] Staff = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var sheet = await db.Set<ScoreSheet>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SheetId, cancellationToken)
                        ?? throw new NotFoundException("No such score sheet in this tenant.");
            var proposal = await db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == sheet.ProposalId, cancellationToken);
            var contest = await db.Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == sheet.ContestId, cancellationToken);
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var isStaff = Staff.Any(roles.Contains);
            if (sheet.JudgeId == me)
            {
                // Their own sheet, as long as they may still open the proposal (not after a recorded conflict).
                if (!isStaff) await ProposalAccess.EnsureJudgeMayOpenAsync(db, me, proposal, cancellationToken);
            }
            else
            {
                if (!isStaff) throw new ForbiddenException("Only the secretariat, committee, auditors and the sheet's own judge read its history.");
                // Someone who is staff and also on this panel must not read a fellow judge's scores before scoring closes.
                if (contest.Stage < ContestStage.ScoringClosed
                    && await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == contest.Id && j.JudgeId == me, cancellationToken))
                    throw new ForbiddenException("A panel judge does not read other judges' sheets before scoring closes.");
            }

            var events = await db.Set<ScoreSheetEvent>().AsNoTracking().Where(e => e.SheetId == sheet.Id)
                .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, events.Select(e => e.ActorId).Append(sheet.JudgeId), cancellationToken);
            var criteria = contest.GetRubric().Criteria.Select(c => new Criterion(c.Id, SheetRules.NameOf(c))).ToList();
            return new View(sheet.Id, contest.Id, contest.Title, contest.Stage, proposal.Id, proposal.Number, proposal.Title,
                names.GetValueOrDefault(sheet.JudgeId, "?"), sheet.Status, sheet.SubmittedAt, criteria,
                [.. events.Select(e =>
                {
                    var scores = new ScoreSheet { ScoresJson = e.ScoresJson }.GetScores();
                    return new Event(e.Kind, names.GetValueOrDefault(e.ActorId, "?"), e.At, scores.Values.Sum(), scores, e.Reason);
                })], isStaff);
        }
    }

    /// <summary>Reopen a submitted sheet for its judge. Secretariat only, during the roadshow, with a reason that is kept.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Unlock : ICommand<Unit>, IHasAuditTarget
    {
        public const int AuditTargetMax = 200;

        public Guid SheetId { get; set; }
        public string Reason { get; set; } = "";

        string? IHasAuditTarget.AuditTarget
        {
            get
            {
                var target = $"{SheetId} {(Reason ?? "").Trim()}";
                return target.Length <= AuditTargetMax ? target : target[..AuditTargetMax];
            }
        }
    }

    public sealed class UnlockValidator : AbstractValidator<Unlock>
    {
        public UnlockValidator(IStringLocalizer<SheetResource> t)
        {
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["History.ReasonRequired"]);
            RuleFor(c => c.Reason).Must(r => (r ?? "").Trim().Length <= ScoreSheetEvent.ReasonMax)
                .WithMessage(_ => t["History.ReasonTooLong", ScoreSheetEvent.ReasonMax]);
        }
    }

    public sealed class UnlockHandler(UnitOfWork unitOfWork, AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SheetResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Unlock, Unit>
    {
        public async Task<Unit> Handle(Unlock request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var sheet = await db.Set<ScoreSheet>().SingleOrDefaultAsync(s => s.Id == request.SheetId, cancellationToken)
                        ?? throw new NotFoundException("No such score sheet in this tenant.");
            var stage = await db.Set<Contest>().Where(x => x.Id == sheet.ContestId).Select(x => x.Stage).SingleAsync(cancellationToken);
            if (stage != ContestStage.Roadshow) throw Refusal.Because(t["History.UnlockOnlyInRoadshow", c["ContestStage." + stage]]);
            if (sheet.Status != SheetStatus.Submitted) throw Refusal.Because(t["History.NotSubmitted"]);

            var now = clock.GetUtcNow();
            sheet.Status = SheetStatus.Draft;
            sheet.SubmittedAt = null;
            sheet.UpdatedAt = now;
            sheet.Version++;
            db.Add(new ScoreSheetEvent
            {
                SheetId = sheet.Id, Kind = SheetEventKind.Unlocked, ScoresJson = sheet.ScoresJson, Comment = sheet.Comment,
                Reason = request.Reason.Trim(), ActorId = me, At = now,
            });
            unitOfWork.OnConflict(t["History.NotSubmitted"]);
            return Unit.Value;
        }
    }
}
