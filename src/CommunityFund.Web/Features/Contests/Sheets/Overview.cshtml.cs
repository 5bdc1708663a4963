using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>
/// The secretariat's view of scoring progress: every accepted proposal against every panel judge, with the sheet's
/// state only. Totals appear once scoring has closed, so nothing here can leak one judge's scores to another.
/// </summary>
public class OverviewModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId, int p = 1) => Data = await mediator.Send(new Query { ContestId = contestId, Page = p });

    public sealed record Judge(Guid Id, string Name);
    public sealed record Cell(Guid JudgeId, SheetState State, Guid? SheetId, decimal? Total);
    public sealed record Row(Guid ProposalId, int Number, string Title, string Organisation, int? RunningOrder, IReadOnlyList<Cell> Cells);

    public sealed record View(Guid ContestId, string Title, ContestStage Stage, IReadOnlyList<Judge> Judges, IReadOnlyList<Row> Rows,
        int Expected, int Submitted, int Drafts, int Page, int Pages)
    {
        public bool ShowsTotals => Stage >= ContestStage.ScoringClosed;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var panel = await db.Set<ContestJudge>().AsNoTracking().Where(j => j.ContestId == contest.Id)
                .OrderBy(j => j.AddedAt).ThenBy(j => j.JudgeId).Select(j => j.JudgeId).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, panel, cancellationToken);
            var judges = panel.Select(id => new Judge(id, names.GetValueOrDefault(id, "?"))).ToList();

            var accepted = db.Set<Proposal>().AsNoTracking().Where(p => p.ContestId == contest.Id && p.Status == ProposalStatus.Accepted);
            var count = await accepted.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var proposals = await accepted
                .OrderBy(p => p.RunningOrder == null).ThenBy(p => p.RunningOrder).ThenBy(p => p.Number)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(p => new { p.Id, p.Number, p.Title, p.OrganisationId, p.RunningOrder })
                .ToListAsync(cancellationToken);
            var ids = proposals.Select(p => p.Id).ToList();
            var orgIds = proposals.Select(p => p.OrganisationId).Distinct().ToList();
            var orgs = await db.Set<Organisation>().AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
            var conflicts = (await db.Set<ConflictDeclaration>().AsNoTracking().Where(c => c.ContestId == contest.Id)
                .Select(c => new { c.JudgeId, c.ProposalId }).ToListAsync(cancellationToken))
                .Select(c => (c.JudgeId, c.ProposalId)).ToHashSet();
            var sheets = (await db.Set<ScoreSheet>().AsNoTracking().Where(s => s.ContestId == contest.Id && ids.Contains(s.ProposalId))
                .ToListAsync(cancellationToken)).ToDictionary(s => (s.JudgeId, s.ProposalId));

            var showTotals = contest.Stage >= ContestStage.ScoringClosed;
            var rows = proposals.Select(p => new Row(p.Id, p.Number, p.Title, orgs.GetValueOrDefault(p.OrganisationId, "?"), p.RunningOrder,
                [.. panel.Select(j =>
                {
                    var sheet = sheets.GetValueOrDefault((j, p.Id));
                    var state = SheetRules.StateOf(conflicts.Contains((j, p.Id)), sheet?.Status);
                    return new Cell(j, state, sheet?.Id, showTotals && state == SheetState.Submitted ? sheet!.GetScores().Values.Sum() : null);
                })])).ToList();

            // Progress over the whole contest (not just this page): sheets expected = judge × proposal without a conflict.
            var allIds = await accepted.Select(p => p.Id).ToListAsync(cancellationToken);
            var allSheets = await db.Set<ScoreSheet>().AsNoTracking().Where(s => s.ContestId == contest.Id)
                .Select(s => new { s.JudgeId, s.ProposalId, s.Status }).ToListAsync(cancellationToken);
            var expected = panel.Sum(j => allIds.Count(p => !conflicts.Contains((j, p))));
            var counted = allSheets.Where(s => panel.Contains(s.JudgeId) && allIds.Contains(s.ProposalId) && !conflicts.Contains((s.JudgeId, s.ProposalId))).ToList();
            return new View(contest.Id, contest.Title, contest.Stage, judges, rows, expected,
                counted.Count(s => s.Status == SheetStatus.Submitted), counted.Count(s => s.Status == SheetStatus.Draft), page, pages);
        }
    }
}
