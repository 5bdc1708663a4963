using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Audit.Exceptions;

/// <summary>
/// The exceptions report (例外事项): the steps that depart from the usual path — duplicate-invoice overrides, score sheet
/// unlocks, advance write-offs, chair decisions, reversals — from every area, newest first, for a period.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    public const int Limit = 200;
    public const int DefaultDays = 90;

    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result Data { get; private set; } = new([], [], false, default, default);

    public async Task OnGetAsync() => Data = await mediator.Send(Input);

    public Task ReloadAsync() => Task.CompletedTask;

    public sealed record Row(ExceptionKind Kind, DateTimeOffset At, string Person, string Summary, SourceDocumentPage? Page);

    /// <summary>Counts by kind over the whole period; the rows (newest first) stop at <see cref="Limit"/>.</summary>
    public sealed record Result(IReadOnlyList<(ExceptionKind Kind, int Count)> Counts, IReadOnlyList<Row> Rows, bool Truncated, DateOnly From, DateOnly To);

    [RequiresTenantRole(TenantRole.Auditor, TenantRole.Committee)]
    public sealed class Query : IRequest<Result>
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Kind { get; set; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<AuditResource> t, IStringLocalizer<KernelResource> k)
        {
            RuleFor(q => q.From).Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => k["Date.Invalid"]);
            RuleFor(q => q.To).Cascade(CascadeMode.Stop)
                .Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => k["Date.Invalid"])
                .Must((q, to) => !InputRules.TryDate(q.From, out var from) || !InputRules.TryDate(to, out var end) || from <= end)
                .WithMessage(_ => t["Audit.RangeReversed"]);
            RuleFor(q => q.Kind).Must(x => string.IsNullOrWhiteSpace(x) || (Enum.TryParse<ExceptionKind>(x, out var kind) && Enum.IsDefined(kind)))
                .WithMessage(_ => t["Exceptions.UnknownKind"]);
        }
    }

    public sealed class Handler(IEnumerable<IExceptionSource> sources, CatalogDbContext catalog, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var to = InputRules.TryDate(request.To, out var end) ? end : clock.Today();
            var from = InputRules.TryDate(request.From, out var start) ? start : to.AddDays(-DefaultDays);
            ExceptionKind? only = Enum.TryParse<ExceptionKind>(request.Kind, out var k) ? k : null;
            var rows = new List<ExceptionRow>();
            foreach (var source in sources)
                rows.AddRange(await source.ListAsync(FundTime.EndOfDay(from.AddDays(-1)), FundTime.EndOfDay(to), Limit + 1, cancellationToken));
            var counts = rows.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
            var chosen = rows.Where(r => only is null || r.Kind == only).OrderByDescending(r => r.At).ToList();
            var page = chosen.Take(Limit).ToList();
            var names = await People.NamesAsync(catalog, page.Where(r => r.ActorId is not null).Select(r => r.ActorId!.Value), cancellationToken);
            return new Result(counts,
                page.Select(r => new Row(r.Kind, r.At, r.ActorId is { } a ? names.GetValueOrDefault(a, "—") : "—", r.Summary, r.Page)).ToList(),
                chosen.Count > Limit, from, to);
        }
    }
}
