namespace CommunityFund.Web.Features.Ratings;

/// <summary>
/// 好差评: an organisation's member sees the hand-offs that served their organisation and rates each once (and once
/// more after a poor rating was fixed); the secretariat, committee and auditors see the latest ratings and whether each
/// poor one has been called back and fixed.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], [], false);

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public const int StaffLimit = 100;

    public sealed record MineRow(Guid StepId, TimedStep Step, string Title, DateTimeOffset ClosedAt, RatingLevel? Rated, RatingLevel? FollowUp, bool MayRate, Guid? RatingId);
    public sealed record StaffRow(Guid RatingId, TimedStep Step, string Title, string Organisation, RatingLevel Level, int Round, DateTimeOffset At,
        bool Poor, bool CalledBack, bool Fixed);
    public sealed record Result(IReadOnlyList<MineRow> Mine, IReadOnlyList<StaffRow> Staff, bool IsStaff);

    [RequiresTenantRole(TenantRole.OrgMember, TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IServedOrganisations> areas) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var mine = new List<MineRow>();
            var organisations = await RatingAccess.MyOrganisationsAsync(db, user, cancellationToken);
            var steps = await RatingAccess.RatableStepsAsync(db, areas, organisations, clock.GetUtcNow(), null, cancellationToken);
            if (steps.Count > 0)
            {
                var ids = steps.Select(s => s.Step.Id).ToList();
                var ratings = await db.Set<ServiceRating>().AsNoTracking().Where(r => ids.Contains(r.StepId)).ToListAsync(cancellationToken);
                var ratingIds = ratings.Select(r => r.Id).ToList();
                var fixedIds = await db.Set<RatingResponse>().Where(x => ratingIds.Contains(x.RatingId) && x.Kind == RatingResponseKind.Fix)
                    .Select(x => x.RatingId).ToListAsync(cancellationToken);
                foreach (var (step, _) in steps)
                {
                    var first = ratings.FirstOrDefault(r => r.StepId == step.Id && r.Round == 1);
                    var second = ratings.FirstOrDefault(r => r.StepId == step.Id && r.Round == 2);
                    var may = first is null || (second is null && RatingRules.IsPoor(first.Level) && fixedIds.Contains(first.Id));
                    mine.Add(new MineRow(step.Id, step.Step, step.Title, step.ClosedAt!.Value, first?.Level, second?.Level, may, first?.Id));
                }
            }

            var staff = new List<StaffRow>();
            var isStaff = await RatingAccess.IsStaffAsync(user, cancellationToken);
            if (isStaff)
            {
                var rows = await (
                    from r in db.Set<ServiceRating>().AsNoTracking()
                    join s in db.Set<PendingStep>() on r.StepId equals s.Id
                    join o in db.Set<Organisation>() on r.OrganisationId equals o.Id
                    orderby r.At descending
                    select new { r.Id, r.Step, s.Title, o.Name, r.Level, r.Round, r.At }).Take(StaffLimit).ToListAsync(cancellationToken);
                var ids = rows.Select(r => r.Id).ToList();
                var responses = await db.Set<RatingResponse>().AsNoTracking().Where(x => ids.Contains(x.RatingId))
                    .Select(x => new { x.RatingId, x.Kind }).ToListAsync(cancellationToken);
                staff = rows.Select(r => new StaffRow(r.Id, r.Step, r.Title, r.Name, r.Level, r.Round, r.At, RatingRules.IsPoor(r.Level) && r.Round == 1,
                    responses.Any(x => x.RatingId == r.Id && x.Kind == RatingResponseKind.Callback),
                    responses.Any(x => x.RatingId == r.Id && x.Kind == RatingResponseKind.Fix))).ToList();
            }
            return new Result(mine, staff, isStaff);
        }
    }
}
