using FluentValidation.Results;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>
/// One contest: its setup, and the explicit stage change. The stage machine decides; the page lists every reason a move
/// is refused, so the secretariat sees all that is missing at once.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public MoveStage Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    private bool Has(TenantRole role) => User.HasClaim(CommunityFundClaims.TenantRole, role.ToString());

    public sealed record HubLink(string Key, string Path);

    /// <summary>The contest's working pages for the signed-in user's roles, in the order the contest uses them.</summary>
    public IReadOnlyList<HubLink> HubLinks(View d)
    {
        var staff = Has(TenantRole.Secretariat) || Has(TenantRole.Committee) || Has(TenantRole.Auditor);
        var links = new List<HubLink>();
        if (staff || Has(TenantRole.OrgMember)) links.Add(new("Proposals", "proposals"));
        if (Has(TenantRole.Secretariat)) links.Add(new("Screening", "screening"));
        if (staff) links.Add(new("Judges", "judges"));
        // A judge's own pages only on the contests whose panel they sit on; elsewhere they hold nothing to score.
        var panelJudge = Has(TenantRole.Judge) && d.OnPanel;
        if (panelJudge) links.Add(new("Conflicts", "conflicts"));
        if (staff) links.Add(new("Schedule", "schedule"));
        links.Add(new("SchedulePrint", "schedule/print"));
        if (panelJudge) links.Add(new("Score", "score"));
        if (staff) links.Add(new("Sheets", "sheets"));
        if (staff) links.Add(new("VoteQr", "vote/qr"));
        if (d.Stage >= ContestStage.Roadshow) links.Add(new("Tally", "tally"));
        if (staff && d.Stage >= ContestStage.ScoringClosed) links.Add(new("Results", "results"));
        if (staff && d.Stage >= ContestStage.ScoringClosed) links.Add(new("Awards", "awards"));
        if (d.Stage >= ContestStage.PublicNotice) links.Add(new("Notice", "notice"));
        if (staff && d.Stage >= ContestStage.PublicNotice) links.Add(new("Objections", "objections"));
        return links;
    }

    public async Task OnGetAsync(Guid id)
    {
        Input.ContestId = id;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ContestId = id;
        var stage = await mediator.Send(Input);
        TempData["Notice"] = t["Contests.MovedNotice", t["ContestStage." + stage]].Value;
        return RedirectToPage("/Contests/Setup/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId });

    /// <summary>A stage the contest may move to, with what currently stands in the way (empty when the move is open).</summary>
    public sealed record Move(ContestStage To, IReadOnlyList<string> Refusals);

    public sealed record View(
        Guid Id, string Title, string Description, IReadOnlyList<string> Categories, decimal TotalBudget, decimal PerProjectCap,
        string PayingFund, ContestStage Stage, DateOnly CollectOpens, DateOnly CollectCloses, DateOnly RefineUntil, DateOnly RoadshowDate,
        DateOnly ScoringCloses, int NoticeDays, IReadOnlyList<RubricCriterion> Rubric, int ExpertWeight, int ResidentWeight,
        int TrimWhenAtLeast, int ResidentVoteLimit, int Version, IReadOnlyList<Move> Moves, bool OnPanel);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.Judge, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(IFundDirectory funds, AppDbContext db, TimeProvider clock, ICurrentUser user, IStringLocalizer<ContestResource> t) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var c = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.ContestId, cancellationToken)
                    ?? throw new NotFoundException("No such contest in this tenant.");
            var fund = (await funds.ListAsync(cancellationToken)).SingleOrDefault(f => f.Id == c.PayingFundId) is { } f
                ? (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? f.NameZh : f.NameEn)
                : "?";
            var facts = await ContestFactsLoader.LoadAsync(db, c, clock.GetUtcNow(), cancellationToken);
            var moves = ContestStageTransitions.TargetsFrom(c.Stage)
                .Select(to => new Move(to, [.. ContestStageTransitions.Refusals(c.Stage, to, facts).Select(r => t[ContestStageTransitions.KeyOf(r)].Value)]))
                .ToList();
            var me = user.UserId;
            var onPanel = me is not null && await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == c.Id && j.JudgeId == me, cancellationToken);
            return new View(c.Id, c.Title, c.Description, c.CategoryList, c.TotalBudget, c.PerProjectCap, fund, c.Stage, c.CollectOpens,
                c.CollectCloses, c.RefineUntil, c.RoadshowDate, c.ScoringCloses, c.NoticeDays, c.GetRubric().Criteria, c.ExpertWeight,
                c.ResidentWeight, c.TrimWhenAtLeast, c.ResidentVoteLimit, c.Version, moves, onPanel);
        }
    }

    /// <summary>Move the contest to another stage; refused with every reason the stage machine gives. Secretariat only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class MoveStage : ICommand<ContestStage>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public ContestStage To { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{To}";
    }

    public sealed class MoveStageHandler(AppDbContext db, TimeProvider clock, IStringLocalizer<ContestResource> t) : IRequestHandler<MoveStage, ContestStage>
    {
        public async Task<ContestStage> Handle(MoveStage request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().SingleOrDefaultAsync(x => x.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            if (!Enum.IsDefined(request.To))
                throw new ValidationException([new ValidationFailure("", t[ContestStageTransitions.KeyOf(StageRefusal.CannotSkipStage)])]);
            var facts = await ContestFactsLoader.LoadAsync(db, contest, clock.GetUtcNow(), cancellationToken);
            var refusals = ContestStageTransitions.Refusals(contest.Stage, request.To, facts);
            if (refusals.Count > 0)
                throw new ValidationException([.. refusals.Select(r => new ValidationFailure("", t[ContestStageTransitions.KeyOf(r)]))]);
            if (request.To == ContestStage.PublicNotice)
            {
                // Publishing fixes the notice period: it runs NoticeDays from now and the contest can be Final only after it.
                contest.NoticeStartsAt = clock.GetUtcNow();
                contest.NoticeEndsAt = contest.NoticeStartsAt.Value.AddDays(contest.NoticeDays);
            }
            contest.Stage = request.To;
            contest.Version++;
            return contest.Stage;
        }
    }
}
