using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FluentValidation;
using MySqlConnector;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;

namespace CommunityFund.Bench;

internal sealed record Latency(string Name, double MedianMs, double P95Ms);

internal sealed record JournalTimings(int Entries, IReadOnlyList<Latency> Pages);

internal sealed record WriteResult(int Writers, double Seconds, int Posted, int Refused, int Failed)
{
    public double PerSecond => Posted / Seconds;
}

internal sealed record IntegrityResult(int NegativeAssetBalances, int BalancesDifferingFromJournal, bool TrialBalanceZero, long Deadlocks, long LockWaits);

internal static class Timing
{
    public static async Task<Latency> TimeAsync(string name, int samples, Func<Task> action)
    {
        for (var i = 0; i < 3; i++) await action(); // warm up caches and the connection pool
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Latency(name, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    public static async Task GetOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync();
    }
}

internal static class Journal
{
    /// <summary>The journal list as the secretariat uses it: first page, a page deep in the past, and filtered pages.</summary>
    public static async Task<JournalTimings> MeasureAsync(HttpClient client, Program.World world, string connectionString, int samples)
    {
        var t = world.Tenant.Identifier;
        var (entries, deepId) = await DeepBoundaryAsync(connectionString, world);
        var pages = new List<Latency>
        {
            await Timing.TimeAsync("journal, first page", samples, () => Timing.GetOkAsync(client, $"/{t}/ledger/journal")),
            await Timing.TimeAsync("journal, deep page (oldest entries)", samples, () => Timing.GetOkAsync(client, JournalUrls.Deep(t, deepId))),
            await Timing.TimeAsync("journal, filtered by fund (the fund holding every seeded entry)", samples, () => Timing.GetOkAsync(client, JournalUrls.ByFund(t, world.General))),
            await Timing.TimeAsync("journal, filtered by date range", samples, () => Timing.GetOkAsync(client, JournalUrls.ByDates(t, "2015-03-01", "2015-03-31"))),
        };
        return new JournalTimings(entries, pages);
    }

    public static async Task<IReadOnlyList<Latency>> MeasureBalancesAsync(HttpClient client, Program.World world, string connectionString, int samples) =>
    [
        await Timing.TimeAsync("fund balances page", samples, () => Timing.GetOkAsync(client, $"/{world.Tenant.Identifier}/ledger/funds")),
        await Timing.TimeAsync("one fund's bank balance (query)", samples, async () =>
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT DebitTotal - CreditTotal FROM FundAccountBalances WHERE TenantId = @t AND FundId = @f AND AccountId = @a", connection);
            command.Parameters.AddWithValue("@t", world.Tenant.Id.ToString());
            command.Parameters.AddWithValue("@f", world.Hot.ToString());
            command.Parameters.AddWithValue("@a", world.Bank.ToString());
            await command.ExecuteScalarAsync();
        }),
    ];

    /// <summary>An id near the oldest end of the journal: the boundary of one of the last pages.</summary>
    private static async Task<(int Count, long Id)> DeepBoundaryAsync(string connectionString, Program.World world)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*), (SELECT Id FROM JournalEntries WHERE TenantId = @t ORDER BY Id LIMIT 1 OFFSET 60) FROM JournalEntries WHERE TenantId = @t", connection);
        command.Parameters.AddWithValue("@t", world.Tenant.Id.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }
}

internal static class Writers
{
    /// <summary>
    /// N writers race on one fund for a fixed time through the ledger's posting path (one transaction each, as a command
    /// runs it): half receive money into the fund, half pay out of it with the single pay-out method, so pay-outs
    /// regularly meet a nearly empty fund and must be refused — never overdrawn.
    /// </summary>
    public static async Task<WriteResult> RunLedgerAsync(Program.World world, Program.Options options)
    {
        await world.ReceiveAsync(world.Hot, 5000m);
        return await RaceAsync(options.Writers, options.Seconds, async random =>
        {
            if (random.Next(2) == 0) await world.ReceiveAsync(world.Hot, random.Next(100, 10_000) / 100m);
            else await world.PayAsync(world.Hot, random.Next(100, 20_000) / 100m);
        });
    }

    /// <summary>The same race, but every deposit is a whole donation command through the pipeline (authorisation, validation,
    /// audit, idempotency, receipt numbering) — what the secretariat's form costs end to end.</summary>
    public static Task<WriteResult> RunCommandsAsync(Program.World world, Program.Options options) =>
        RaceAsync(options.Writers, options.Seconds, async random =>
        {
            if (random.Next(2) == 0) await world.SendAsync(Donation(world, (random.Next(100, 10_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture)));
            else await world.PayAsync(world.Hot, random.Next(100, 20_000) / 100m);
        });

    private static async Task<WriteResult> RaceAsync(int writers, int seconds, Func<Random, Task> post)
    {
        var posted = 0;
        var refused = 0;
        var failed = 0;
        var errors = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await post(random);
                    Interlocked.Increment(ref posted);
                }
                catch (ValidationException)
                {
                    Interlocked.Increment(ref refused); // the fund could not cover the payment: refused, as it must be
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    errors.Add(ex.GetType().Name + ": " + ex.Message);
                }
            }
        })).ToList();
        await Task.WhenAll(tasks);
        var elapsed = watch.Elapsed.TotalSeconds;
        foreach (var e in errors.Distinct().Take(5)) Console.Error.WriteLine("  writer error: " + e);
        return new WriteResult(writers, elapsed, posted, refused, failed);
    }

    private static RecordModel.Command Donation(Program.World world, string amount) => new()
    {
        IdempotencyKey = InputRules.NewIdempotencyKey(), DonorKind = "Individual", DonorName = "压测捐赠人", Amount = amount,
        Channel = "BankTransfer", FundId = world.Hot, Date = "2021-12-01",
    };
}

internal static class Integrity
{
    public static async Task<IntegrityResult> CheckAsync(string connectionString, Program.World world)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var t = world.Tenant.Id.ToString();
        async Task<long> ScalarAsync(string sql)
        {
            await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("@t", t);
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0, CultureInfo.InvariantCulture);
        }
        var negative = await ScalarAsync(
            "SELECT COUNT(*) FROM FundAccountBalances b JOIN Accounts a ON a.Id = b.AccountId WHERE b.TenantId = @t AND a.Type = 'Asset' AND b.DebitTotal < b.CreditTotal");
        var differing = await ScalarAsync(
            "SELECT COUNT(*) FROM FundAccountBalances b LEFT JOIN (SELECT FundId, AccountId, SUM(Debit) d, SUM(Credit) c FROM JournalLines WHERE TenantId = @t GROUP BY FundId, AccountId) j " +
            "ON j.FundId = b.FundId AND j.AccountId = b.AccountId WHERE b.TenantId = @t AND (COALESCE(j.d, 0) <> b.DebitTotal OR COALESCE(j.c, 0) <> b.CreditTotal)");
        var imbalance = await ScalarAsync("SELECT COUNT(*) FROM (SELECT SUM(Debit) - SUM(Credit) x FROM JournalLines WHERE TenantId = @t) s WHERE s.x <> 0");
        async Task<long> StatusAsync(string name)
        {
            await using var command = new MySqlCommand($"SHOW GLOBAL STATUS LIKE '{name}'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? Convert.ToInt64(reader.GetString(1), CultureInfo.InvariantCulture) : -1;
        }
        return new IntegrityResult((int)negative, (int)differing, imbalance == 0, await StatusAsync("Innodb_deadlocks"), await StatusAsync("Innodb_row_lock_waits"));
    }
}

internal sealed class Report(Program.Options options)
{
    public JournalTimings? Small { get; set; }
    public JournalTimings? Large { get; set; }
    public IReadOnlyList<Latency> Balances { get; set; } = [];
    public WriteResult? Writes { get; set; }
    public WriteResult? Commands { get; set; }
    public IntegrityResult? Integrity { get; set; }
    public double SeedSeconds { get; set; }

    private const double PageRatioTarget = 1.3;
    private const double PostingsTarget = 500;

    private IEnumerable<(string Name, double Ratio)> Ratios() =>
        Small!.Pages.Zip(Large!.Pages, (s, l) => (s.Name, Ratio: l.MedianMs / Math.Max(s.MedianMs, 0.001)));

    public bool Passed =>
        Ratios().All(r => r.Ratio <= PageRatioTarget) && Writes!.PerSecond >= PostingsTarget && Writes.Failed == 0 && (Commands?.Failed ?? 0) == 0 &&
        Integrity is { NegativeAssetBalances: 0, BalancesDifferingFromJournal: 0, TrialBalanceZero: true };

    public string Render()
    {
        var s = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        s.AppendLine(ci, $"## Ledger benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {options.Entries:N0} entries");
        s.AppendLine();
        s.AppendLine("| Journal page | median @ " + Small!.Entries.ToString("N0", ci) + " | median @ " + Large!.Entries.ToString("N0", ci) + " | p95 @ " + Large.Entries.ToString("N0", ci) + " | ratio (target ≤ 1.3×) |");
        s.AppendLine("|---|---|---|---|---|");
        foreach (var (small, large) in Small.Pages.Zip(Large.Pages))
            s.AppendLine(ci, $"| {small.Name} | {small.MedianMs:0.0} ms | {large.MedianMs:0.0} ms | {large.P95Ms:0.0} ms | {large.MedianMs / Math.Max(small.MedianMs, 0.001):0.00}× |");
        s.AppendLine();
        s.AppendLine("| Balance look-up | median | p95 |");
        s.AppendLine("|---|---|---|");
        foreach (var b in Balances) s.AppendLine(ci, $"| {b.Name} | {b.MedianMs:0.0} ms | {b.P95Ms:0.0} ms |");
        s.AppendLine();
        var w = Writes!;
        s.AppendLine(ci, $"Ledger postings: {w.Writers} writers racing on one fund for {w.Seconds:0.0} s — **{w.PerSecond:0} postings/s** (target ≥ {PostingsTarget:0}); {w.Posted:N0} posted, {w.Refused:N0} pay-outs refused for lack of funds, {w.Failed} errors.");
        if (Commands is { } c)
            s.AppendLine(ci, $"Whole donation commands (pipeline, audit, receipt) racing with pay-outs: {c.PerSecond:0} per second; {c.Posted:N0} posted, {c.Refused:N0} refused, {c.Failed} errors.");
        var i = Integrity!;
        s.AppendLine(ci, $"Integrity after the race: {i.NegativeAssetBalances} overdrawn fund balances, {i.BalancesDifferingFromJournal} balances differing from the journal, trial balance zero: {(i.TrialBalanceZero ? "yes" : "NO")}; the server saw {i.Deadlocks} deadlocks (retried) and {i.LockWaits} row-lock waits.");
        s.AppendLine(ci, $"Seeding to {Large.Entries:N0} entries took {SeedSeconds:0} s (bulk inserts; not part of the measurement).");
        s.AppendLine();
        s.AppendLine(Passed ? "Result: **all targets met**." : "Result: **targets missed** (see above).");
        return s.ToString();
    }
}

internal static class JournalUrls
{
    // The journal page's query parameters: keyset cursor "after" (older than id), filters "fund", "from", "to".
    public static string Deep(string tenant, long olderThanId) => $"/{tenant}/ledger/journal?after={olderThanId}";
    public static string ByFund(string tenant, Guid fund) => $"/{tenant}/ledger/journal?fund={fund}";
    public static string ByDates(string tenant, string from, string to) => $"/{tenant}/ledger/journal?from={from}&to={to}";
}
