namespace CommunityFund.Web.Features.Contests.Roadshow.Schedule;

/// <summary>
/// The printable roadshow schedule (路演日程表) on one A4 page: the contest, its roadshow date, each slot in running order
/// with the proposal and its organisation, and the judge panel. Any member of the tenant may read it, judges included.
/// </summary>
public class PrintModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId) => Data = await mediator.Send(new Query { ContestId = contestId });

    public sealed record Line(int Order, string Slot, int Number, string Title, string Organisation);

    public sealed record View(Guid ContestId, string ContestTitle, DateOnly RoadshowDate, IReadOnlyList<Line> Lines, int Unscheduled, IReadOnlyList<string> Judges);

    [RequiresTenantRole]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            var rows = await ScheduleData.RowsAsync(db, contest.Id, cancellationToken);
            var lines = rows.Where(r => r.RunningOrder is not null && r.SlotStart is not null && r.SlotMinutes is not null)
                .Select(r => new Line(r.RunningOrder!.Value, ScheduleRules.Range(r.SlotStart!.Value, r.SlotMinutes!.Value), r.Number, r.Title, r.Organisation))
                .OrderBy(l => l.Order).ThenBy(l => l.Number).ToList();
            var panel = await db.Set<ContestJudge>().AsNoTracking().Where(j => j.ContestId == contest.Id).OrderBy(j => j.AddedAt)
                .Select(j => j.JudgeId).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, panel, cancellationToken);
            return new View(contest.Id, contest.Title, contest.RoadshowDate, lines, rows.Count - lines.Count,
                [.. panel.Select(id => names.GetValueOrDefault(id, "?"))]);
        }
    }
}
