using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Features.Grants.Settings;

namespace CommunityFund.Web.Features.Grants.TimeLimits;

/// <summary>
/// 限时办结 dashboard: every open pending step, grouped by who must act (a person, or anyone holding a role), coloured
/// for China's today with the tenant's holidays (not only as the last sweep left them); worst first, people before roles.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(string? state = null) =>
        Data = await mediator.Send(new Query { State = Enum.TryParse<TimeLimitState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null });

    public sealed record Row(Guid Id, TimedStep Step, string Title, string? Link, DateOnly StartedOn, int LimitWorkingDays, DateOnly Due,
        TimeLimitState State, int OverdueWorkingDays, int WorkingDaysLeft);

    /// <summary>A person (<see cref="UserId"/> set) or a role.</summary>
    public sealed record Group(Guid? UserId, TenantRole Role, string? PersonName, IReadOnlyList<Row> Rows)
    {
        public TimeLimitState Worst => Rows.Max(r => r.State);
    }

    public sealed record View(IReadOnlyList<Group> Groups, TimeLimitState? Filter, IReadOnlyDictionary<TimeLimitState, int> Counts, DateOnly Today);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public TimeLimitState? State { get; init; }
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var today = clock.Today();
            var steps = await db.Set<PendingStep>().AsNoTracking().Where(s => s.ClosedAt == null && s.LimitWorkingDays > 0)
                .OrderBy(s => s.StartedOn).ToListAsync(cancellationToken);
            var calendar = steps.Count == 0 ? WorkingCalendar.WeekendsOnly : await TimeLimitSweep.CalendarAsync(db, steps[0].StartedOn, cancellationToken);
            var rows = steps.Select(s =>
            {
                var due = calendar.AddWorkingDays(s.StartedOn, s.LimitWorkingDays);
                var elapsed = calendar.WorkingDaysElapsed(s.StartedOn, today);
                return (Step: s, Row: new Row(s.Id, s.Step, s.Title, s.Link, s.StartedOn, s.LimitWorkingDays, due,
                    TimeLimitRule.StateOn(calendar, s.StartedOn, s.LimitWorkingDays, today),
                    Math.Max(0, elapsed - s.LimitWorkingDays), Math.Max(0, s.LimitWorkingDays - elapsed)));
            }).ToList();
            var counts = Enum.GetValues<TimeLimitState>().ToDictionary(c => c, c => rows.Count(r => r.Row.State == c));
            if (request.State is { } only) rows = rows.Where(r => r.Row.State == only).ToList();

            var names = await People.NamesAsync(catalog, rows.Where(r => r.Step.ResponsibleUserId is not null).Select(r => r.Step.ResponsibleUserId!.Value), cancellationToken);
            var groups = rows
                .GroupBy(r => (r.Step.ResponsibleUserId, Role: r.Step.ResponsibleUserId is null ? r.Step.ResponsibleRole : default))
                .Select(g => new Group(g.Key.ResponsibleUserId, g.First().Step.ResponsibleRole,
                    g.Key.ResponsibleUserId is { } id ? names.GetValueOrDefault(id, "?") : null,
                    g.Select(r => r.Row).OrderByDescending(r => r.State).ThenBy(r => r.Due).ThenBy(r => r.Title, StringComparer.Ordinal).ToList()))
                .OrderByDescending(g => g.Worst).ThenBy(g => g.UserId is null).ThenByDescending(g => g.Rows.Count).ThenBy(g => g.PersonName ?? "", StringComparer.Ordinal).ThenBy(g => g.Role)
                .ToList();
            return new View(groups, request.State, counts, today);
        }
    }
}
