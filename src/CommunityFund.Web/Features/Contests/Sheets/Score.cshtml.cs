using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>
/// A panel judge's scoring list: the contest's accepted proposals in running order, each with the judge's own sheet
/// state. Proposals the judge is conflicted with are shown as conflicted and cannot be opened. Built for a phone at the roadshow.
/// </summary>
public class ScoreModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid contestId) => Data = await mediator.Send(new Query { ContestId = contestId });

    public sealed record Row(Guid ProposalId, int Number, string Title, string Organisation, int? RunningOrder, TimeOnly? SlotStart,
        int? SlotMinutes, SheetState State, decimal? MyTotal);

    public sealed record View(Guid ContestId, string Title, ContestStage Stage, IReadOnlyList<Row> Rows)
    {
        public int Submitted => Rows.Count(r => r.State == SheetState.Submitted);
        public int ToScore => Rows.Count(r => r.State != SheetState.Conflicted);
    }

    [RequiresTenantRole(TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            if (!await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == contest.Id && j.JudgeId == me, cancellationToken))
                throw new ForbiddenException("Only judges on this contest's panel have a scoring list.");
            // Judges see accepted proposals from refinement on (the same rule as ProposalAccess).
            if (contest.Stage < ContestStage.Refining) return new View(contest.Id, contest.Title, contest.Stage, []);

            var proposals = await db.Set<Proposal>().AsNoTracking()
                .Where(p => p.ContestId == contest.Id && p.Status == ProposalStatus.Accepted)
                .OrderBy(p => p.RunningOrder == null).ThenBy(p => p.RunningOrder).ThenBy(p => p.Number)
                .Select(p => new { p.Id, p.Number, p.Title, p.OrganisationId, p.RunningOrder, p.SlotStart, p.SlotMinutes })
                .ToListAsync(cancellationToken);
            var orgIds = proposals.Select(p => p.OrganisationId).Distinct().ToList();
            var orgs = await db.Set<Organisation>().AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
            var conflicted = (await db.Set<ConflictDeclaration>().AsNoTracking()
                .Where(c => c.ContestId == contest.Id && c.JudgeId == me).Select(c => c.ProposalId).ToListAsync(cancellationToken)).ToHashSet();
            var mine = await db.Set<ScoreSheet>().AsNoTracking().Where(s => s.ContestId == contest.Id && s.JudgeId == me)
                .ToDictionaryAsync(s => s.ProposalId, cancellationToken);

            var rows = proposals.Select(p =>
            {
                var isConflicted = conflicted.Contains(p.Id);
                var sheet = isConflicted ? null : mine.GetValueOrDefault(p.Id);
                return new Row(p.Id, p.Number, p.Title, orgs.GetValueOrDefault(p.OrganisationId, "?"), p.RunningOrder,
                    p.SlotStart, p.SlotMinutes, SheetRules.StateOf(isConflicted, sheet?.Status), sheet?.GetScores().Values.Sum());
            }).ToList();
            return new View(contest.Id, contest.Title, contest.Stage, rows);
        }
    }
}
