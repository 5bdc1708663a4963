using System.Globalization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ratings;

/// <summary>
/// The quarter's hand-offs by kind for the committee (好差评 公示): how many were completed, the median working days they
/// took, how many were rated and what share was poor — the slowest and worst-rated first. No names: this table is also
/// what the public summary shows.
/// </summary>
public class QuarterlyModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result Data { get; private set; } = new(0, 0, []);

    public async Task OnGetAsync() => Data = await mediator.Send(Input);

    public Task ReloadAsync() => Task.CompletedTask;

    public sealed record Row(TimedStep Step, int Completed, decimal? MedianWorkingDays, int Rated, int Poor)
    {
        public decimal? PoorRate => Rated == 0 ? null : Math.Round(100m * Poor / Rated, 1);
    }

    public sealed record Result(int Year, int Quarter, IReadOnlyList<Row> Rows);

    [RequiresTenantRole(TenantRole.Committee, TenantRole.Secretariat, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public string? Year { get; set; }
        public string? Quarter { get; set; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<RatingsResource> t)
        {
            RuleFor(q => q.Year).Must(y => string.IsNullOrWhiteSpace(y) || (int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 2000 and <= 2100))
                .WithMessage(_ => t["Quarterly.BadYear"]);
            RuleFor(q => q.Quarter).Must(x => string.IsNullOrWhiteSpace(x) || x.Trim() is "1" or "2" or "3" or "4").WithMessage(_ => t["Quarterly.BadQuarter"]);
        }
    }

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var today = clock.Today();
            var year = int.TryParse(request.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : today.Year;
            var quarter = int.TryParse(request.Quarter, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : (today.Month - 1) / 3 + 1;
            var firstDay = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
            var start = FundTime.EndOfDay(firstDay.AddDays(-1));
            var end = FundTime.EndOfDay(firstDay.AddMonths(3).AddDays(-1));
            var kinds = RatingRules.Rated.ToList();
            var steps = await db.Set<PendingStep>().AsNoTracking()
                .Where(s => kinds.Contains(s.Step) && s.ClosedAt >= start && s.ClosedAt < end)
                .Select(s => new { s.Step, s.StartedOn, s.ClosedAt }).ToListAsync(cancellationToken);
            var ratings = await db.Set<ServiceRating>().AsNoTracking().Where(r => r.Round == 1 && r.At >= start && r.At < end)
                .Select(r => new { r.Step, r.Level }).ToListAsync(cancellationToken);
            var calendar = await TimeLimitSweep.CalendarAsync(db, steps.Count == 0 ? firstDay : steps.Min(s => s.StartedOn), cancellationToken);
            var rows = kinds.Select(kind =>
            {
                var taken = steps.Where(s => s.Step == kind)
                    .Select(s => calendar.WorkingDaysElapsed(s.StartedOn, DateOnly.FromDateTime(s.ClosedAt!.Value.ToOffset(FundTime.ChinaOffset).DateTime)))
                    .Order().ToList();
                var rated = ratings.Where(r => r.Step == kind).ToList();
                return new Row(kind, taken.Count, Median(taken), rated.Count, rated.Count(r => RatingRules.IsPoor(r.Level)));
            }).OrderByDescending(r => r.PoorRate ?? -1).ThenByDescending(r => r.MedianWorkingDays ?? -1).ToList();
            return new Result(year, quarter, rows);
        }

        private static decimal? Median(IReadOnlyList<int> sorted) => sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;
    }
}
