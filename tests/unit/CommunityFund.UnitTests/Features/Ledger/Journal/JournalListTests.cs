using System.Globalization;
using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Journal;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Journal;

/// <summary>The journal list: keyset pages newest first, every filter and combination, the indexes behind them.</summary>
public class JournalListTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private sealed record Posted(long Id, DateOnly Date, EntryKind Kind, string Description, HashSet<Guid> Funds, HashSet<Guid> Accounts);

    /// <summary>A journal of donations, spending, transfers and reversals on random dates; returns what each entry touched.</summary>
    private static async Task<List<Posted>> SeedAsync(LedgerWorld w, int seed, int count)
    {
        var random = new Random(seed);
        var descriptions = new[] { "企业捐赠", "个人捐赠 𠀀", "社区食堂 50% 补贴", "助学金拨付", "物资采购_A", "Office rent" };
        await w.IncomeAsync(w.General, 1_000_000, new DateOnly(2021, 1, 1), description: "期初捐赠");
        await w.IncomeAsync(w.Restricted, 1_000_000, new DateOnly(2021, 1, 1), description: "期初捐赠");
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var date = new DateOnly(2021, 1 + random.Next(12), 1 + random.Next(28));
            var fund = random.Next(2) == 0 ? w.General : w.Restricted;
            var other = fund == w.General ? w.Restricted : w.General;
            var amount = random.Next(1, 5000);
            var text = descriptions[random.Next(descriptions.Length)];
            var posted = random.Next(6) switch
            {
                0 or 1 => await w.IncomeAsync(fund, amount, date, random.Next(2) == 0 ? ChartOfAccounts.DonationIndividual : ChartOfAccounts.GovernmentTransfer, text),
                2 => await w.SpendAsync(fund, amount, date, ChartOfAccounts.GrantExpense, text),
                3 => await w.PostAsync(date, text, EntryKind.FundTransfer,
                    (ChartOfAccounts.NetAssets, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount),
                    (ChartOfAccounts.Bank, other, amount, 0), (ChartOfAccounts.NetAssets, other, 0, amount)),
                4 => await w.PostAsync(date, text, EntryKind.Manual, (ChartOfAccounts.Cash, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount)),
                _ when ids.Count > 0 => await TryReverseAsync(w, ids[random.Next(ids.Count)]),
                _ => null,
            };
            if (posted is not null) ids.Add(posted.Id);
        }
        return await w.DbAsync(async db =>
        {
            var entries = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).ToListAsync();
            return entries.Select(e => new Posted(e.Id, e.Date, e.Kind, e.Description, e.Lines.Select(l => l.FundId).ToHashSet(), e.Lines.Select(l => l.AccountId).ToHashSet())).ToList();
        });
    }

    private static async Task<PostedEntry?> TryReverseAsync(LedgerWorld w, long id)
    {
        try { return await w.ReverseAsync(id, new DateOnly(2021, 12, 31)); }
        catch (ValidationException) { return null; } // already reversed, or a reversal
    }

    /// <summary>Follows "older" links from the first page to the end, then "newer" links back to the top.</summary>
    private async Task<(List<long> Down, List<List<long>> Pages, List<List<long>> PagesUp)> WalkAsync(LedgerWorld w, IndexModel.Query filter)
    {
        var pages = new List<List<long>>();
        IndexModel.Result page = await f.SendAsync(Copy(filter, after: null, before: null), w.Secretary, w.Tenant);
        Assert.Null(page.NewerBefore);
        pages.Add(page.Rows.Select(r => r.Id).ToList());
        while (page.OlderAfter is { } after)
        {
            Assert.Equal(IndexModel.PageSize, page.Rows.Count);
            page = await f.SendAsync(Copy(filter, after: after, before: null), w.Secretary, w.Tenant);
            Assert.NotNull(page.NewerBefore);
            pages.Add(page.Rows.Select(r => r.Id).ToList());
            Assert.True(pages.Count < 100, "paging does not end");
        }
        var up = new List<List<long>> { pages[^1] };
        while (page.NewerBefore is { } before)
        {
            page = await f.SendAsync(Copy(filter, after: null, before: before), w.Secretary, w.Tenant);
            up.Add(page.Rows.Select(r => r.Id).ToList());
            Assert.True(up.Count < 100, "paging back does not end");
        }
        return (pages.SelectMany(p => p).ToList(), pages, up);
    }

    private static IndexModel.Query Copy(IndexModel.Query q, long? after, long? before) => new()
    {
        From = q.From, To = q.To, Fund = q.Fund, Account = q.Account, Kind = q.Kind, Q = q.Q,
        After = after?.ToString(CultureInfo.InvariantCulture), Before = before?.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Keyset_pages_walk_the_whole_journal_newest_first_without_gaps_or_repeats_and_back()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await SeedAsync(w, seed: 3, count: 70);
        var (down, pages, up) = await WalkAsync(w, new IndexModel.Query());

        Assert.Equal(posted.Select(p => p.Id).OrderDescending(), down);
        Assert.True(pages.Count >= 3);
        // Going back up visits full pages; it ends on the first page exactly as first shown.
        Assert.Equal(pages[0], up[^1]);
        Assert.All(up.Skip(1), p => Assert.Equal(IndexModel.PageSize, p.Count));
        Assert.All(up.Skip(1).SkipLast(1), p => Assert.Contains(p, pages));
    }

    public static TheoryData<int> Combinations() => [.. Enumerable.Range(0, 32)];

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Every_filter_combination_lists_exactly_the_matching_entries_in_order(int mask)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await SeedAsync(w, seed: 100 + mask, count: 90);
        var cash = await w.AccountAsync(ChartOfAccounts.Cash);
        var (from, to) = (new DateOnly(2021, 3, 1), new DateOnly(2021, 9, 30));
        var query = new IndexModel.Query
        {
            From = (mask & 1) != 0 ? "2021-03-01" : null,
            To = (mask & 1) != 0 ? "2021-09-30" : null,
            Fund = (mask & 2) != 0 ? w.Restricted.ToString() : null,
            Account = (mask & 4) != 0 ? cash.ToString() : null,
            Kind = (mask & 8) != 0 ? "Manual" : null,
            Q = (mask & 16) != 0 ? "50%" : null,
        };
        var expected = posted
            .Where(p => (mask & 1) == 0 || (p.Date >= from && p.Date <= to))
            .Where(p => (mask & 2) == 0 || p.Funds.Contains(w.Restricted))
            .Where(p => (mask & 4) == 0 || p.Accounts.Contains(cash))
            .Where(p => (mask & 8) == 0 || p.Kind == EntryKind.Manual)
            .Where(p => (mask & 16) == 0 || p.Description.Contains("50%", StringComparison.Ordinal))
            .Select(p => p.Id).OrderDescending().ToList();

        var (down, _, _) = await WalkAsync(w, query);

        Assert.Equal(expected, down);
    }

    [Fact]
    public async Task Text_search_matches_percent_and_underscore_literally()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var a = await w.IncomeAsync(w.General, 10, new DateOnly(2021, 2, 1), description: "补贴 50% 发放");
        await w.IncomeAsync(w.General, 10, new DateOnly(2021, 2, 1), description: "补贴 500 发放");
        var b = await w.IncomeAsync(w.General, 10, new DateOnly(2021, 2, 1), description: "物资_A");
        await w.IncomeAsync(w.General, 10, new DateOnly(2021, 2, 1), description: "物资BA");

        Assert.Equal([a.Id], (await f.SendAsync(new IndexModel.Query { Q = "50%" }, w.Secretary, w.Tenant)).Rows.Select(r => r.Id));
        Assert.Equal([b.Id], (await f.SendAsync(new IndexModel.Query { Q = "_A" }, w.Secretary, w.Tenant)).Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Rows_show_the_total_amount_and_reversal_badges_both_ways()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var donation = await w.IncomeAsync(w.General, 1234.5m, new DateOnly(2021, 3, 1));
        await w.IncomeAsync(w.Restricted, 500, new DateOnly(2021, 3, 1));
        var transfer = await w.PostAsync(new DateOnly(2021, 3, 2), "划转", EntryKind.FundTransfer,
            (ChartOfAccounts.NetAssets, w.Restricted, 100, 0), (ChartOfAccounts.Bank, w.Restricted, 0, 100),
            (ChartOfAccounts.Bank, w.General, 100, 0), (ChartOfAccounts.NetAssets, w.General, 0, 100));
        var reversal = await w.ReverseAsync(donation.Id, new DateOnly(2021, 3, 3), "金额录错");

        var rows = (await f.SendAsync(new IndexModel.Query(), w.Committee, w.Tenant)).Rows;
        Assert.Equal([reversal.Id, transfer.Id], rows.Take(2).Select(r => r.Id));
        Assert.Equal(donation.Id, rows[^1].Id);
        rows = [rows[0], rows[1], rows[^1]];
        Assert.Equal(1234.5m, rows[2].Amount);
        Assert.Equal(200m, rows[1].Amount);
        Assert.Equal((reversal.Id, reversal.Number), (rows[2].ReversedById!.Value, rows[2].ReversedByNumber!.Value));
        Assert.Equal((donation.Id, donation.Number), (rows[0].ReversesId!.Value, rows[0].ReversesNumber!.Value));
        Assert.Null(rows[1].ReversedById);

        var client = await w.SignedInAsync(w.Secretary);
        var html = await client.PageAsync(w.Url("/ledger/journal"));
        Assert.Contains("¥1,234.50", html);
        Assert.Contains($"已被 #{reversal.Number} 冲销", html);
        Assert.Contains($"冲销 #{donation.Number}", html);
        Assert.Contains("2021-03-02", html);
        Assert.Contains("class=\"table-responsive cf-card\"", html);
    }

    [Fact]
    public async Task Numbers_and_ids_rise_together_within_a_tenant_even_when_postings_race()
    {
        // The unfiltered list pages on (TenantId, Number) and relies on this.
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => (i % 3 == 0 ? other : w).IncomeAsync(i % 3 == 0 ? other.General : w.General, 1 + i, new DateOnly(2021, 5, 1)))));
        foreach (var world in new[] { w, other })
        {
            var rows = await world.DbAsync(db => db.Set<JournalEntry>().OrderBy(e => e.Id).Select(e => e.Number).ToListAsync());
            Assert.Equal(Enumerable.Range(1, rows.Count), rows);
        }
    }

    [Theory]
    [InlineData("from", "2021-13-01", "请填写有效日期")]
    [InlineData("to", "yesterday", "请填写有效日期")]
    [InlineData("kind", "Lottery", "请选择有效的凭证类型")]
    [InlineData("kind", "3", "请选择有效的凭证类型")]
    [InlineData("fund", "not-a-guid", "基金不存在")]
    [InlineData("account", "00000000-0000-0000-0000-000000000001", "会计科目不存在")]
    public async Task A_bad_filter_shows_a_message_on_the_list_instead_of_an_error(string field, string value, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 10, new DateOnly(2021, 2, 1));
        var client = await w.SignedInAsync(await w.MemberAsync(TenantRole.Auditor));
        var html = await client.PageAsync(w.Url($"/ledger/journal?{field}={Uri.EscapeDataString(value)}"));
        Assert.Contains(message, html);
        Assert.Contains("data-testid=\"journal-filter\"", html);
        Assert.DoesNotContain("is not valid", html);
    }

    [Fact]
    public async Task A_reversed_date_range_and_another_tenants_fund_are_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var range = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Query { From = "2021-05-01", To = "2021-04-30" }, w.Secretary, w.Tenant));
        Assert.Contains("结束日期不能早于开始日期", Assert.Single(range.Errors).ErrorMessage);
        var fund = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Query { Fund = other.General.ToString() }, w.Secretary, w.Tenant));
        Assert.Equal("Fund", Assert.Single(fund.Errors).PropertyName);
        var en = await UiCulture.InAsync("en", () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Query { From = "2021-02-30" }, w.Secretary, w.Tenant)));
        Assert.Contains("Enter a valid date", Assert.Single(en.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Only_the_secretariat_committee_and_auditors_see_the_journal()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var judge = await w.MemberAsync(TenantRole.Judge);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query(), judge, w.Tenant));
        var client = await w.SignedInAsync(judge);
        await client.PageAsync(w.Url("/ledger/journal"), HttpStatusCode.Forbidden);
        var empty = await (await w.SignedInAsync(w.Committee)).PageAsync(w.Url("/ledger/journal"));
        Assert.Contains("还没有记账凭证", empty);
    }

    /// <summary>
    /// Every combination of filters (and of cursor and direction) is read through an index that starts with TenantId:
    /// no full scans, no primary-key walks; entries are only ever reached by primary key from a line (eq_ref).
    /// </summary>
    [Fact]
    public async Task Every_filter_combination_is_served_by_an_index_that_starts_with_TenantId()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await SeedAsync(w, seed: 9, count: 40);
        var tenantIndexes = new HashSet<string>
        {
            "IX_JournalEntries_TenantId_Number", "IX_JournalEntries_TenantId_Date_Id", "IX_JournalEntries_TenantId_Kind_Id",
            "IX_JournalLines_TenantId_FundId_EntryId", "IX_JournalLines_TenantId_AccountId_EntryId",
        };
        await using var connection = new MySqlConnection(f.Database.ConnectionString);
        await connection.OpenAsync();
        var checkedPlans = 0;
        for (var mask = 0; mask < 32; mask++)
        {
            var filter = new JournalFilter(
                (mask & 1) != 0 ? new DateOnly(2021, 3, 1) : null, (mask & 1) != 0 ? new DateOnly(2021, 9, 30) : null,
                (mask & 2) != 0 ? w.General : null, (mask & 4) != 0 ? await w.AccountAsync(ChartOfAccounts.Bank) : null,
                (mask & 8) != 0 ? EntryKind.Donation : null, (mask & 16) != 0 ? "捐赠" : null);
            foreach (var (boundary, newestFirst, take) in new (long?, bool, int?)[] { (null, true, 26), (5, true, 26), (5, false, 26), (null, false, null) })
            {
                var (sql, parameters) = JournalSearch.Build(w.Tenant.Id, filter, boundary, newestFirst, take);
                Assert.Contains("TenantId = @t", sql);
                await using var command = new MySqlCommand("EXPLAIN " + sql, connection);
                foreach (var p in parameters) command.Parameters.Add(p.Clone());
                await using var reader = await command.ExecuteReaderAsync();
                var first = true;
                while (await reader.ReadAsync())
                {
                    var table = reader["table"] as string ?? "";
                    var type = reader["type"] as string ?? "";
                    var key = reader["key"] as string;
                    if (table.StartsWith('<')) continue; // a materialised subquery's temporary table, filled through the index below
                    var context = $"mask {mask}, boundary {boundary}, newest {newestFirst}: {table} {type} {key}\n{sql}";
                    Assert.True(type is not ("ALL" or "index"), "full scan: " + context);
                    if (first) Assert.True(key is not null && tenantIndexes.Contains(key), "driving index: " + context);
                    else Assert.True((key is not null && tenantIndexes.Contains(key)) || (type == "eq_ref" && key == "PRIMARY" && table == "e"), context);
                    if (first) Assert.True(ExpectedDriver(filter) == key, "expected driver " + ExpectedDriver(filter) + ": " + context);
                    first = false;
                    checkedPlans++;
                }
            }
        }
        Assert.True(checkedPlans >= 128);
    }

    private static string ExpectedDriver(JournalFilter filter) => JournalSearch.DriverFor(filter) switch
    {
        JournalSearch.Driver.Date => "IX_JournalEntries_TenantId_Date_Id",
        JournalSearch.Driver.FundLines => "IX_JournalLines_TenantId_FundId_EntryId",
        JournalSearch.Driver.AccountLines => "IX_JournalLines_TenantId_AccountId_EntryId",
        JournalSearch.Driver.Kind => "IX_JournalEntries_TenantId_Kind_Id",
        _ => "IX_JournalEntries_TenantId_Number",
    };
}
