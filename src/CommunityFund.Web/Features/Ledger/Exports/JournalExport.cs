using System.Runtime.CompilerServices;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Features.Ledger.Journal;

namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>A posted entry with its lines, and the number of the entry it reverses.</summary>
public sealed record ExportEntry(JournalEntry Entry, int? ReversesNumber);

/// <summary>The chart and the funds by id, for naming lines.</summary>
public sealed record BookNames(IReadOnlyDictionary<Guid, LedgerAccount> Accounts, IReadOnlyDictionary<Guid, Fund> Funds)
{
    public static async Task<BookNames> LoadAsync(AppDbContext db, CancellationToken ct) => new(
        await db.Set<LedgerAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, ct),
        await db.Set<Fund>().AsNoTracking().ToDictionaryAsync(f => f.Id, ct));
}

/// <summary>The journal's entries for an export: the matching ids first (see <see cref="JournalSearch"/>), then the rows in chunks.</summary>
public static class JournalExport
{
    private const int Chunk = 500;

    /// <summary>Entries in the given order, each with its lines, loaded a chunk at a time.</summary>
    public static async IAsyncEnumerable<ExportEntry> EntriesAsync(AppDbContext db, IReadOnlyList<long> ids, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var start = 0; start < ids.Count; start += Chunk)
        {
            var chunk = ids.Skip(start).Take(Chunk).ToList();
            var entries = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).Where(e => chunk.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            var reversed = entries.Values.Where(e => e.ReversesEntryId is not null).Select(e => e.ReversesEntryId!.Value).Distinct().ToList();
            var numbers = reversed.Count == 0 ? [] : await db.Set<JournalEntry>().Where(e => reversed.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Number, ct);
            foreach (var id in chunk)
            {
                if (!entries.TryGetValue(id, out var entry)) continue;
                entry.Lines.Sort((a, b) => a.LineNo.CompareTo(b.LineNo));
                yield return new ExportEntry(entry, entry.ReversesEntryId is { } r && numbers.TryGetValue(r, out var n) ? n : null);
            }
        }
    }

    /// <summary>The journal as a table: one row per line, oldest entry first.</summary>
    public static Table AsTable(IStringLocalizer<LedgerBooksResource> l, BookNames names, IAsyncEnumerable<ExportEntry> entries) =>
        new(l["Books.Journal.Title"],
        [
            l["Books.Field.Number"], l["Books.Field.Date"], l["Books.Field.Description"], l["Books.Field.Kind"],
            l["Books.Export.AccountCode"], l["Books.Export.AccountName"], l["Books.Export.FundCode"], l["Books.Export.FundName"],
            l["Books.Field.Debit"], l["Books.Field.Credit"], l["Books.Export.Memo"], l["Books.Export.Reverses"],
        ],
        RowsAsync(l, names, entries));

    private static async IAsyncEnumerable<object?[]> RowsAsync(IStringLocalizer<LedgerBooksResource> l, BookNames names, IAsyncEnumerable<ExportEntry> entries)
    {
        await foreach (var (entry, reverses) in entries)
        {
            var kind = l["Books.Kind." + entry.Kind].Value;
            foreach (var line in entry.Lines)
            {
                var account = names.Accounts.GetValueOrDefault(line.AccountId);
                var fund = names.Funds.GetValueOrDefault(line.FundId);
                yield return
                [
                    entry.Number, entry.Date, entry.Description, kind,
                    account?.Code, account is null ? null : Books.Name(account.NameZh, account.NameEn),
                    fund?.Code, fund is null ? null : Books.Name(fund.NameZh, fund.NameEn),
                    line.Debit, line.Credit, line.Memo, reverses,
                ];
            }
        }
    }

    /// <summary>What a journal export hands back: the names, and the entries to stream.</summary>
    public sealed record Data(BookNames Names, IAsyncEnumerable<ExportEntry> Entries, int EntryCount);

    /// <summary>The journal as filtered on the list page (no paging).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : JournalFilterInput, IRequest<Data>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l) => Include(new JournalFilterValidator(db, l));
    }

    public sealed class Handler(AppDbContext db, ITenantContext tenant) : IRequestHandler<Query, Data>
    {
        public async Task<Data> Handle(Query request, CancellationToken cancellationToken)
        {
            var ids = await new JournalSearch(db, tenant).AllAsync(request.ToFilter(), cancellationToken);
            return new Data(await BookNames.LoadAsync(db, cancellationToken), EntriesAsync(db, ids, cancellationToken), ids.Count);
        }
    }
}
