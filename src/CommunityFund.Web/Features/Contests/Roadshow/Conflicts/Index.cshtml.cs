using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Roadshow.Conflicts;

/// <summary>
/// A panel judge's own conflict declarations (利益冲突回避): the contest's accepted proposals, each marked "已回避" once a
/// conflict with it is recorded (by the judge or by the secretariat), and a form to declare one with a reason.
/// A declaration cannot be withdrawn.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RoadshowResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public DeclareConflict Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    public int ListPage { get; private set; } = 1;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid contestId, int p = 1)
    {
        Input.ContestId = contestId;
        ListPage = p;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId, int p = 1)
    {
        Input.ContestId = contestId; // the contest is the one in the address, whatever the form says
        ListPage = p;
        await mediator.Send(Input);
        Notice = t["Conflicts.DeclaredNotice"];
        return RedirectToPage("/Contests/Roadshow/Conflicts/Index", new { tenant = tenant.Current!.Identifier, contestId, p });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId, Page = ListPage });

    public const int PageSize = 50;

    public sealed record Row(Guid ProposalId, int Number, string Title, string Organisation, ConflictSource? Source, string? Reason, DateTimeOffset? RecordedAt)
    {
        public bool Conflicted => Source is not null;
    }

    public sealed record View(Guid ContestId, string ContestTitle, ContestStage Stage, bool OnPanel, IReadOnlyList<Row> Rows, int Conflicted, int Page, int Pages)
    {
        public bool Open => OnPanel && RoadshowWindows.ConflictsOpen(Stage);
    }

    [RequiresTenantRole(TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            var onPanel = await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == contest.Id && j.JudgeId == me, cancellationToken);
            if (!onPanel) return new View(contest.Id, contest.Title, contest.Stage, false, [], 0, 1, 1);

            var mine = await db.Set<ConflictDeclaration>().AsNoTracking().Where(c => c.ContestId == contest.Id && c.JudgeId == me)
                .OrderBy(c => c.RecordedAt).ToListAsync(cancellationToken);
            var byProposal = mine.GroupBy(c => c.ProposalId).ToDictionary(g => g.Key, g => g.First());
            var accepted = db.Set<Proposal>().Where(p => p.ContestId == contest.Id && p.Status == ProposalStatus.Accepted);
            var total = await accepted.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (from p in accepted
                              join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                              orderby p.Number
                              select new { p.Id, p.Number, p.Title, Organisation = o.Name })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new View(contest.Id, contest.Title, contest.Stage, true,
                [.. rows.Select(r => byProposal.TryGetValue(r.Id, out var c)
                    ? new Row(r.Id, r.Number, r.Title, r.Organisation, c.Source, c.Reason, c.RecordedAt)
                    : new Row(r.Id, r.Number, r.Title, r.Organisation, null, null, null))],
                byProposal.Count, page, pages);
        }
    }

    /// <summary>The signed-in judge declares a conflict with one accepted proposal of a contest whose panel they sit on.</summary>
    [RequiresTenantRole(TenantRole.Judge)]
    public sealed class DeclareConflict : ICommand<Guid>, IHasAuditTarget, IConflictInput
    {
        public Guid ContestId { get; set; }
        public Guid? ProposalId { get; set; }
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{ProposalId}";
    }

    public sealed class Validator : AbstractValidator<DeclareConflict>
    {
        public Validator(IStringLocalizer<RoadshowResource> t) => this.AddReasonAndProposalRules(t);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<DeclareConflict, Guid>
    {
        public Task<Guid> Handle(DeclareConflict request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            return ConflictRecorder.RecordAsync(db, t, c, request.ContestId, me, request.ProposalId!.Value, request.Reason,
                ConflictSource.DeclaredByJudge, me, clock.GetUtcNow(), cancellationToken);
        }
    }
}
