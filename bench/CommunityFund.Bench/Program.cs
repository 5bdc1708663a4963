using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Bench;

/// <summary>
/// Ledger growth and load benchmark (not a test): seeds a tenant's journal to 10,000 and then 1,000,000 entries, times
/// the journal pages at both sizes, times balance look-ups, and measures postings per second with concurrent writers
/// racing on one fund — then checks that no fund was overdrawn and that balances still equal the journal.
/// </summary>
public static partial class Program
{
    private const string Password = "benchmark passphrase";

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        var server = Environment.GetEnvironmentVariable("CF_BENCH_MYSQL")
                     ?? throw new InvalidOperationException("CF_BENCH_MYSQL is not set: run bench/run.sh");
        var database = "cf_bench_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new MySqlConnectionStringBuilder(server) { Database = database, MaximumPoolSize = 200 }.ConnectionString;
        await ExecAsync(server, $"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
        var report = new Report(options);
        try
        {
            await Migrator.MigrateAsync(connectionString, TextWriter.Null);
            await using var factory = new BenchFactory(connectionString);
            var world = await World.CreateAsync(factory);
            var client = await world.SignedInClientAsync();

            Console.WriteLine($"seeding {options.Small:N0} entries …");
            await BulkSeed.ToAsync(connectionString, world, options.Small);
            report.Small = await Journal.MeasureAsync(client, world, connectionString, options.Samples);

            Console.WriteLine($"seeding up to {options.Entries:N0} entries …");
            var seedWatch = Stopwatch.StartNew();
            await BulkSeed.ToAsync(connectionString, world, options.Entries);
            report.SeedSeconds = seedWatch.Elapsed.TotalSeconds;
            report.Large = await Journal.MeasureAsync(client, world, connectionString, options.Samples);
            report.Balances = await Journal.MeasureBalancesAsync(client, world, connectionString, options.Samples);

            Console.WriteLine($"{options.Writers} writers for {options.Seconds} s on one fund …");
            report.Writes = await Writers.RunLedgerAsync(world, options);
            report.Commands = await Writers.RunCommandsAsync(world, options);
            report.Integrity = await Integrity.CheckAsync(connectionString, world);
        }
        finally
        {
            await ExecAsync(server, $"DROP DATABASE IF EXISTS `{database}`");
        }
        var text = report.Render();
        Console.WriteLine(text);
        if (options.Output is { } output) await File.WriteAllTextAsync(output, text);
        return report.Passed ? 0 : 1;
    }

    internal static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex TokenPattern();

    internal sealed record Options(int Entries, int Small, int Seconds, int Writers, int Samples, string? Output)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int Int(string name, int fallback) => int.TryParse(Value(name), out var v) ? v : fallback;
            return new Options(Int("--entries", 1_000_000), Int("--small", 10_000), Int("--seconds", 10), Int("--writers", 16), Int("--samples", 40), Value("--output"));
        }
    }

    internal sealed class BenchFactory(string connectionString) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSolutionRelativeContentRoot("src/CommunityFund.Web", solutionName: "CommunityFund.sln");
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Default", connectionString);
            builder.UseSetting("Logging:LogLevel:Default", "Error");
            builder.UseSetting("Logging:Json", "false");
            builder.UseSetting("Mail:PickupDirectory", Path.Combine(Path.GetTempPath(), "cf-bench-mail"));
        }
    }

    internal sealed class World
    {
        public required BenchFactory Factory { get; init; }
        public required TenantInfo Tenant { get; init; }
        public required AppUser Secretary { get; init; }
        public required Guid General { get; init; }
        public required Guid Hot { get; init; }
        public required Guid Bank { get; init; }
        public required Guid Income { get; init; }
        public required Guid Expense { get; init; }

        public static async Task<World> CreateAsync(BenchFactory factory)
        {
            using var scope = factory.Services.CreateScope();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var tenant = new Tenant { Identifier = "bench", NameZh = "压测街道社区基金", NameEn = "Benchmark Fund", CreatedAt = DateTimeOffset.UtcNow };
            catalog.Tenants.Add(tenant);
            await catalog.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var secretary = new AppUser { UserName = "secretariat@bench.example", Email = "secretariat@bench.example", DisplayName = "压测秘书" };
            Check(await users.CreateAsync(secretary, Password));

            var info = tenant.ToInfo();
            await using var tenantScope = factory.Services.CreateAsyncScope();
            tenantScope.ServiceProvider.GetRequiredService<ITenantContext>().Set(info);
            var db = tenantScope.ServiceProvider.GetRequiredService<AppDbContext>();
            await ChartOfAccounts.EnsureAsync(db);
            var general = new Fund { Code = "GEN", NameZh = "综合基金", NameEn = "General fund", Kind = FundKind.Unrestricted };
            var hot = new Fund { Code = "HOT", NameZh = "热点基金", NameEn = "Contended fund", Kind = FundKind.Unrestricted };
            db.AddRange(general, hot);
            db.Add(new TenantMembership { UserId = secretary.Id, Role = TenantRole.Secretariat, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            var accounts = await db.Set<LedgerAccount>().ToDictionaryAsync(a => a.SystemKey!, a => a.Id);
            return new World
            {
                Factory = factory, Tenant = info, Secretary = secretary, General = general.Id, Hot = hot.Id,
                Bank = accounts[ChartOfAccounts.Bank], Income = accounts[ChartOfAccounts.DonationIndividual], Expense = accounts[ChartOfAccounts.ProjectExpense],
            };
        }

        public async Task<HttpClient> SignedInClientAsync()
        {
            var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var url = $"/{Tenant.Identifier}/account/login";
            var token = TokenPattern().Match(await client.GetStringAsync(url)).Groups[1].Value;
            var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = Secretary.Email!, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
            }));
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException("benchmark sign-in failed");
            return client;
        }

        /// <summary>Sends a request through the full MediatR pipeline as the secretary, as a page handler would.</summary>
        public async Task<T> SendAsync<T>(IRequest<T> request)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<ITenantContext>().Set(Tenant);
            var http = new DefaultHttpContext { RequestServices = sp };
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, Secretary.Id.ToString()), new Claim(ClaimTypes.Email, Secretary.Email!)], "bench"));
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
            return await sp.GetRequiredService<IMediator>().Send(request);
        }

        /// <summary>Money received into a fund's bank account, posted through the ledger inside one transaction.</summary>
        public Task ReceiveAsync(Guid fund, decimal amount) =>
            InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(new DateOnly(2021, 12, 1), "压测收入", EntryKind.Donation,
                [new LineDraft(Bank, fund, amount, 0), new LineDraft(Income, fund, 0, amount)])));

        /// <summary>A payment out of a fund, through the ledger's single pay-out method inside one transaction.</summary>
        public Task PayAsync(Guid fund, decimal amount) =>
            InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PayOutAsync(new PayOut(fund, amount, Expense, new DateOnly(2021, 12, 1), "压测支出", EntryKind.Disbursement)));

        private async Task InTransactionAsync(Func<IServiceProvider, Task<PostedEntry>> work)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<ITenantContext>().Set(Tenant);
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync();
                await work(sp);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            });
        }

        private static void Check(IdentityResult r)
        {
            if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Writes journal rows straight into the tables in large multi-row INSERTs (the seed is not what is measured).</summary>
    internal static class BulkSeed
    {
        public static async Task ToAsync(string connectionString, World world, int target)
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            var tenant = world.Tenant.Id.ToString();
            var (count, maxId, maxNumber) = await StateAsync(connection, tenant);
            var random = new Random(1000 + count);
            const int batch = 2000;
            var start = new DateOnly(2015, 1, 1);
            while (count < target)
            {
                var n = Math.Min(batch, target - count);
                var entries = new StringBuilder("INSERT INTO JournalEntries (Id, TenantId, Number, Date, Description, Kind, AuthorId, PostedAt) VALUES ");
                var lines = new StringBuilder("INSERT INTO JournalLines (TenantId, EntryId, LineNo, AccountId, FundId, Debit, Credit) VALUES ");
                for (var i = 0; i < n; i++)
                {
                    var id = ++maxId;
                    var number = ++maxNumber;
                    // Dates advance with the number so the journal reads like years of real bookkeeping.
                    var date = start.AddDays((int)((long)number * 2555 / Math.Max(target, 1)));
                    var amount = (random.Next(100, 5_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                    var fund = world.General.ToString();
                    if (i > 0) { entries.Append(','); lines.Append(','); }
                    entries.Append(CultureInfo.InvariantCulture, $"({id},'{tenant}',{number},'{date:yyyy-MM-dd}','捐赠 #{number}','Donation','{world.Secretary.Id}',UTC_TIMESTAMP(6))");
                    lines.Append(CultureInfo.InvariantCulture, $"('{tenant}',{id},1,'{world.Bank}','{fund}',{amount},0),('{tenant}',{id},2,'{world.Income}','{fund}',0,{amount})");
                }
                await new MySqlCommand(entries.ToString(), connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
                await new MySqlCommand(lines.ToString(), connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
                count += n;
                if (count % 100_000 == 0) Console.WriteLine($"  {count:N0}");
            }
            // Maintained balances and the number counter as the ledger itself would have left them.
            await new MySqlCommand(
                $"DELETE FROM FundAccountBalances WHERE TenantId = '{tenant}'; " +
                $"INSERT INTO FundAccountBalances (TenantId, FundId, AccountId, DebitTotal, CreditTotal) " +
                $"SELECT TenantId, FundId, AccountId, SUM(Debit), SUM(Credit) FROM JournalLines WHERE TenantId = '{tenant}' GROUP BY TenantId, FundId, AccountId; " +
                $"INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES ('{tenant}', {maxNumber + 1}, 1) " +
                $"ON DUPLICATE KEY UPDATE NextEntryNumber = {maxNumber + 1}; ANALYZE TABLE JournalEntries, JournalLines;", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        }

        private static async Task<(int Count, long MaxId, int MaxNumber)> StateAsync(MySqlConnection connection, string tenant)
        {
            await using var command = new MySqlCommand($"SELECT COUNT(*), COALESCE((SELECT MAX(Id) FROM JournalEntries), 0), COALESCE(MAX(Number), 0) FROM JournalEntries WHERE TenantId = '{tenant}'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
        }
    }
}
