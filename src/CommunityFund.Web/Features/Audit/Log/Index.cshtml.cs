using System.Globalization;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Audit.Log;

/// <summary>The fund's audit log (审计日志): every command and refusal, newest first, searchable and paged by sequence.</summary>
public class IndexModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    public const int PageSize = 50;

    /// <summary>Bound from the query string without a prefix: ?from=…&amp;to=…&amp;person=…&amp;command=…&amp;target=…&amp;outcome=…&amp;after=…</summary>
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result Data { get; private set; } = Result.Empty;

    public async Task OnGetAsync() => Data = await mediator.Send(Input);

    public Task ReloadAsync() => Task.CompletedTask;

    public sealed record Row(long Sequence, DateTimeOffset At, string? Person, string Command, string? Target, AuditOutcome Outcome, string? Detail, string? IpAddress);

    /// <summary>A page of rows; <see cref="OlderAfter"/> is the cursor of the next (older) page, null on the last.</summary>
    public sealed record Result(IReadOnlyList<Row> Rows, long? OlderAfter, bool IsFirstPage)
    {
        public static readonly Result Empty = new([], null, true);
    }

    [RequiresTenantRole(TenantRole.Auditor, TenantRole.Committee)]
    public sealed class Query : AuditSearch, IRequest<Result>
    {
        public string? After { get; set; }

        public long? AfterSequence => long.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<AuditResource> t, IStringLocalizer<KernelResource> k) => Include(new AuditSearchValidator(t, k));
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = request.Apply(db.Set<AuditEntry>().AsNoTracking());
            if (request.AfterSequence is { } after) rows = rows.Where(e => e.Sequence < after);
            var page = await rows.OrderByDescending(e => e.Sequence).Take(PageSize + 1)
                .Select(e => new Row(e.Sequence, e.At, e.UserEmail, e.Command, e.Target, e.Outcome, e.Detail, e.IpAddress))
                .ToListAsync(cancellationToken);
            long? older = null;
            if (page.Count > PageSize)
            {
                page.RemoveAt(PageSize);
                older = page[^1].Sequence;
            }
            return new Result(page, older, request.AfterSequence is null);
        }
    }
}
