using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Features.Ledger.Reports;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Exports;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Exports;

/// <summary>The ledger-cli export, checked by Debian's ledger binary: its balances are ours, to the fen.</summary>
public class LedgerCliExportTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Theory]
    [InlineData(3)]
    [InlineData(42)]
    public async Task Ledger_balance_on_the_export_reproduces_every_fund_and_account_balance_exactly(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        // A fund whose code ledger would otherwise read as structure, and descriptions and memos with its comment and tag syntax.
        var odd = await w.DbAsync(async db =>
        {
            var fund = new Fund { Code = "A B:C", NameZh = "春苗基金；测试", NameEn = "Spring; test", Kind = FundKind.Restricted };
            db.Add(fund);
            await db.SaveChangesAsync();
            return fund.Id;
        });
        await w.IncomeAsync(odd, 1005.2m, new DateOnly(2021, 2, 1), description: "捐赠; 备注: 第一笔 𠀀");
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var expense = await w.AccountAsync(ChartOfAccounts.ProjectExpense);
        await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>()
            .PostAsync(new EntryDraft(new DateOnly(2021, 2, 2), "(虚拟) [不是] 支出\n第二行", EntryKind.Manual,
                [new LineDraft(expense, odd, 5.2m, 0, "Tag: value ; x"), new LineDraft(bank, odd, 0, 5.2m)])));
        await ReportWorld.SeedAsync(w, seed, 50);
        var toReverse = await w.IncomeAsync(odd, 77.77m, new DateOnly(2021, 6, 1), ChartOfAccounts.CharityRevenue);
        await w.ReverseAsync(toReverse.Id, new DateOnly(2021, 6, 2), "重复: 录入");

        var file = await LedgerBinary.ExportAsync(w, w.Committee);
        try
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains("commodity CNY", text);
            Assert.Contains("Assets:1002:A_B_C", text);
            Assert.Contains("; Reverses: #", text);

            var ledger = await LedgerBinary.BalancesAsync(file);
            var (ours, names) = await w.DbAsync(async db =>
            {
                var accounts = await db.Set<LedgerAccount>().ToDictionaryAsync(a => a.Id);
                var funds = await db.Set<Fund>().ToDictionaryAsync(x => x.Id);
                var balances = await db.Set<FundAccountBalance>().ToListAsync();
                return (balances, balances.ToDictionary(b => (b.FundId, b.AccountId),
                    b => $"{LedgerCliJournal.Root(accounts[b.AccountId].Type)}:{accounts[b.AccountId].Code}:{LedgerCliJournal.Segment(funds[b.FundId].Code)}"));
            });
            Assert.True(ours.Count >= 10, "the world should post to many fund/account pairs");
            foreach (var b in ours)
            {
                var name = names[(b.FundId, b.AccountId)];
                var expected = b.DebitTotal - b.CreditTotal;
                if (expected == 0) Assert.False(ledger.ContainsKey(name), $"{name} should be empty");
                else Assert.True(ledger.TryGetValue(name, out var actual) && actual == expected, $"{name}: ours {expected}, ledger {(ledger.TryGetValue(name, out var a) ? a : null)}");
            }
            Assert.Equal(ours.Count(b => b.DebitTotal != b.CreditTotal), ledger.Count);
            Assert.Contains(ours, b => b.FundId == odd && b.DebitTotal == 77.77m && b.CreditTotal == 77.77m); // the reversal left a zero balance

            // Exactly the command an accountant types: it succeeds, and the whole books net to zero.
            var plain = await LedgerBinary.RunAsync(file, "balance");
            Assert.True(plain.ExitCode == 0 && plain.Errors.Length == 0, plain.Errors);
            Assert.Equal("0", plain.Output.TrimEnd().Split('\n')[^1].Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_error_reported_by_ledger_fails_the_check()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cf-{Guid.NewGuid():N}.ledger");
        await File.WriteAllTextAsync(file, "commodity CNY\naccount Assets:1002:GEN\naccount Income:4102:GEN\n\n2021/03/01 * (#1) 不平衡\n    Assets:1002:GEN  100.00 CNY\n    Income:4102:GEN  -99.99 CNY\n");
        try
        {
            var run = await LedgerBinary.RunAsync(file, "--pedantic", "balance");
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("does not balance", run.Errors);
            await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => LedgerBinary.BalancesAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_empty_journal_exports_a_file_ledger_accepts()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var file = await LedgerBinary.ExportAsync(w, w.Secretary);
        try
        {
            Assert.Empty(await LedgerBinary.BalancesAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Only_readers_of_the_books_may_export_them()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var judge = await w.MemberAsync(TenantRole.Judge);
        var client = await w.SignedInAsync(judge);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(w.Url("/ledger/export/journal.ledger"))).StatusCode);
    }

    [Theory]
    [InlineData("A B:C", "A_B_C")]
    [InlineData("GEN", "GEN")]
    [InlineData("春苗", "春苗")]
    [InlineData("(x)[y];z", "_x__y__z")]
    [InlineData("  ", "_")]
    public void Codes_become_safe_account_name_segments(string code, string segment) => Assert.Equal(segment, LedgerCliJournal.Segment(code));

    [Fact]
    public void Codes_that_clean_up_to_the_same_segment_stay_apart()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var names = LedgerCliJournal.Segments([(a, "A B"), (b, "A_B")]);
        Assert.NotEqual(names[a], names[b]);
    }
}

/// <summary>Runs Debian's ledger on an exported file.</summary>
public static class LedgerBinary
{
    public const string Path = "/usr/bin/ledger";

    public sealed record Run(int ExitCode, string Output, string Errors);

    public static async Task<Run> RunAsync(string file, params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: apt-get install ledger (./test.sh does)");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(file);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await output, await errors);
    }

    /// <summary>Each account's balance as ledger computes it; any error from ledger fails the test.</summary>
    public static async Task<Dictionary<string, decimal>> BalancesAsync(string file)
    {
        var run = await RunAsync(file, "--pedantic", "balance", "--flat", "--no-total", "--format", "%(account)\t%(quantity(scrub(display_amount)))\n");
        Assert.True(run.ExitCode == 0 && run.Errors.Length == 0, $"ledger failed ({run.ExitCode}): {run.Errors}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(p => p[0], p => decimal.Parse(p[1].Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture));
    }

    public static async Task<string> ExportAsync(LedgerWorld w, AppUser user) => await ExportAsync(await w.SignedInAsync(user), w.Url("/ledger/export/journal.ledger"));

    public static async Task<string> ExportAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".ledger", response.Content.Headers.ContentDisposition.FileName!.Trim('"'), StringComparison.Ordinal);
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cf-{Guid.NewGuid():N}.ledger");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }
}
