using System.Globalization;
using System.Text;
using CommunityFund.Web.Features.Ledger.Journal;

namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>
/// The whole journal as a plain-text ledger-cli journal (https://ledger-cli.org), so an accountant can check our
/// balances with their own tools: <c>ledger -f FILE balance</c> shows every fund's accounts with the same totals as
/// our maintained balances. Each ledger account is <c>Type:AccountCode:FundCode</c> (e.g. <c>Assets:1002:GEN</c>),
/// debits positive, credits negative, commodity CNY; accounts, the commodity and metadata tags are declared, so the file
/// also passes <c>--pedantic</c>.
/// <code>
/// 2021/03/01 * (#12) 企业捐赠
///     ; Kind: Donation
///     Assets:1002:GEN  100.00 CNY
///     Income:4102:GEN  -100.00 CNY
/// </code>
/// </summary>
public static class LedgerCliJournal
{
    public const string Commodity = "CNY";

    public static string Root(AccountType type) => type switch
    {
        AccountType.Asset => "Assets",
        AccountType.Liability => "Liabilities",
        AccountType.NetAssets => "Equity",
        AccountType.Income => "Income",
        _ => "Expenses",
    };

    /// <summary>
    /// One name segment: letters, digits, '.', '-' and '_' pass; anything ledger could read as structure (':' separates
    /// levels, two spaces end the name, ';' starts a comment, brackets mark virtual postings) becomes '_'.
    /// </summary>
    public static string Segment(string code)
    {
        var chars = code.Trim().Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }

    /// <summary>Segments for codes, unique even if two codes clean up to the same text.</summary>
    public static Dictionary<Guid, string> Segments(IEnumerable<(Guid Id, string Code)> items)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<Guid, string>();
        foreach (var (id, code) in items.OrderBy(i => i.Code, StringComparer.Ordinal).ThenBy(i => i.Id))
        {
            var name = Segment(code);
            for (var n = 2; !taken.Add(name); n++) name = Segment(code) + "_" + n.ToString(CultureInfo.InvariantCulture);
            result[id] = name;
        }
        return result;
    }

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " " + Commodity;

    /// <summary>Free text on one line, without what ledger reads as a comment or a metadata tag.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace(';', '；').Trim();

    private static string Note(string text) => OneLine(text).Replace(':', '：');

    public sealed record Data(TenantInfo Tenant, BookNames Names, IReadOnlyList<(Guid Fund, Guid Account)> Used, IAsyncEnumerable<ExportEntry> Entries, DateTimeOffset At);

    public static async Task WriteAsync(TextWriter w, Data data, CancellationToken ct)
    {
        var accounts = Segments(data.Names.Accounts.Values.Select(a => (a.Id, a.Code)));
        var funds = Segments(data.Names.Funds.Values.Select(f => (f.Id, f.Code)));
        string Name(Guid account, Guid fund) => $"{Root(data.Names.Accounts[account].Type)}:{accounts[account]}:{funds[fund]}";

        await w.WriteLineAsync($"; CommunityFund journal: {Note(data.Tenant.NameZh)} ({data.Tenant.Identifier})");
        await w.WriteLineAsync($"; exported {data.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; check with: ledger -f FILE balance");
        await w.WriteLineAsync("; accounts are Type:AccountCode:FundCode; debits positive, credits negative");
        await w.WriteLineAsync();
        await w.WriteLineAsync($"commodity {Commodity}");
        await w.WriteLineAsync("    note 人民币 (yuan)");
        await w.WriteLineAsync("tag Kind");
        await w.WriteLineAsync("tag Reverses");
        foreach (var (fund, account) in data.Used.OrderBy(u => Name(u.Account, u.Fund), StringComparer.Ordinal))
        {
            var a = data.Names.Accounts[account];
            var f = data.Names.Funds[fund];
            await w.WriteLineAsync($"account {Name(account, fund)}");
            await w.WriteLineAsync($"    note {Note(a.NameZh)} · {Note(f.NameZh)}");
        }
        await foreach (var (entry, reverses) in data.Entries.WithCancellation(ct))
        {
            await w.WriteLineAsync();
            await w.WriteLineAsync($"{entry.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)} * (#{entry.Number.ToString(CultureInfo.InvariantCulture)}) {OneLine(entry.Description)}");
            await w.WriteLineAsync($"    ; Kind: {entry.Kind}");
            if (reverses is { } r) await w.WriteLineAsync($"    ; Reverses: #{r.ToString(CultureInfo.InvariantCulture)}");
            foreach (var line in entry.Lines)
            {
                var amount = line.Debit != 0 ? line.Debit : -line.Credit;
                var memo = string.IsNullOrWhiteSpace(line.Memo) ? "" : "  ; " + Note(line.Memo);
                await w.WriteLineAsync($"    {Name(line.AccountId, line.FundId)}  {Amount(amount)}{memo}");
            }
        }
        await w.FlushAsync(ct);
    }

    public static async Task WriteAsync(Stream stream, Data data, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await WriteAsync(writer, data, ct);
    }

    /// <summary>The whole journal (filters would leave balances that match nothing), oldest entry first.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Data>;

    public sealed class Handler(AppDbContext db, ITenantContext tenant, TimeProvider clock) : IRequestHandler<Query, Data>
    {
        public async Task<Data> Handle(Query request, CancellationToken cancellationToken)
        {
            var ids = await new JournalSearch(db, tenant).AllAsync(new JournalFilter(), cancellationToken);
            var used = await db.Set<FundAccountBalance>().AsNoTracking().Select(b => new { b.FundId, b.AccountId }).ToListAsync(cancellationToken);
            return new Data(tenant.Current!, await BookNames.LoadAsync(db, cancellationToken), used.Select(u => (u.FundId, u.AccountId)).ToList(),
                JournalExport.EntriesAsync(db, ids, cancellationToken), clock.GetUtcNow());
        }
    }
}
