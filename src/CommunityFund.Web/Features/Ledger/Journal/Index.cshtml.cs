using System.Globalization;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>The journal (记账凭证), newest first, filtered and paged by keyset.</summary>
public class IndexModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    /// <summary>Bound from the query string without a prefix: ?from=…&amp;to=…&amp;fund=…&amp;account=…&amp;kind=…&amp;q=…&amp;after=…</summary>
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result Data { get; private set; } = Result.Empty;
    public Lookups Options { get; private set; } = new([], []);

    public async Task OnGetAsync()
    {
        Options = await mediator.Send(new LookupsQuery());
        Data = await mediator.Send(Input);
    }

    public async Task ReloadAsync() => Options = await mediator.Send(new LookupsQuery());

    public const int PageSize = 25;

    public sealed record Row(long Id, int Number, DateOnly Date, string Description, EntryKind Kind, decimal Amount,
        long? ReversesId, int? ReversesNumber, long? ReversedById, int? ReversedByNumber);

    /// <summary>A page of entries and the boundary ids for the neighbouring pages (null when there is none).</summary>
    public sealed record Result(IReadOnlyList<Row> Rows, long? OlderAfter, long? NewerBefore)
    {
        public static readonly Result Empty = new([], null, null);
    }

    public sealed record AccountOption(Guid Id, string Code, string NameZh, string NameEn);
    public sealed record Lookups(IReadOnlyList<FundOption> Funds, IReadOnlyList<AccountOption> Accounts);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : JournalFilterInput, IRequest<Result>
    {
        public string? After { get; set; }
        public string? Before { get; set; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l) => Include(new JournalFilterValidator(db, l));
    }

    public sealed class Handler(AppDbContext db, ITenantContext tenant) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var filter = request.ToFilter();
            var search = new JournalSearch(db, tenant);
            List<long> ids;
            long? older = null, newer = null;
            if (TryId(request.Before, out var before)
                && await search.NewerAsync(filter, before, PageSize + 1, cancellationToken) is { Count: > PageSize } newerIds)
            {
                // A full page lies between the cursor and the top: show it (read upwards, so turn it round).
                ids = newerIds.Take(PageSize).Reverse().ToList();
                newer = ids[0];
                older = ids[^1];
            }
            else if (!TryId(request.Before, out _) && TryId(request.After, out var after))
            {
                ids = await search.OlderAsync(filter, after, PageSize + 1, cancellationToken);
                if (ids.Count > PageSize) { ids.RemoveAt(PageSize); older = ids[^1]; }
                if (ids.Count > 0) newer = ids[0];
            }
            else
            {
                // The first page (also when "newer" reaches the top).
                ids = await search.OlderAsync(filter, null, PageSize + 1, cancellationToken);
                if (ids.Count > PageSize) { ids.RemoveAt(PageSize); older = ids[^1]; }
            }
            return new Result(await RowsAsync(db, ids, cancellationToken), older, newer);
        }

        private static bool TryId(string? text, out long id) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>The rows of the given entries, in the order given.</summary>
    public static async Task<List<Row>> RowsAsync(AppDbContext db, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var entries = db.Set<JournalEntry>();
        var rows = await entries.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new Row(e.Id, e.Number, e.Date, e.Description, e.Kind, e.Lines.Sum(x => x.Debit),
                e.ReversesEntryId,
                entries.Where(o => o.Id == e.ReversesEntryId).Select(o => (int?)o.Number).FirstOrDefault(),
                entries.Where(r => r.ReversesEntryId == e.Id).Select(r => (long?)r.Id).FirstOrDefault(),
                entries.Where(r => r.ReversesEntryId == e.Id).Select(r => (int?)r.Number).FirstOrDefault()))
            .ToListAsync(ct);
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return rows.OrderBy(r => order[r.Id]).ToList();
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class LookupsQuery : IRequest<Lookups>;

    public sealed class LookupsHandler(AppDbContext db) : IRequestHandler<LookupsQuery, Lookups>
    {
        public async Task<Lookups> Handle(LookupsQuery request, CancellationToken cancellationToken) =>
            new(await LedgerLookups.FundsAsync(db, cancellationToken),
                await db.Set<LedgerAccount>().AsNoTracking().OrderBy(a => a.Code)
                    .Select(a => new AccountOption(a.Id, a.Code, a.NameZh, a.NameEn)).ToListAsync(cancellationToken));
    }
}
