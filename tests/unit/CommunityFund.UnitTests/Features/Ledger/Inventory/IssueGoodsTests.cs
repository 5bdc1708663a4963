using System.Net;
using FluentValidation;
using CommunityFund.UnitTests.Features.Ledger.InKind;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Inventory;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Inventory;

/// <summary>Issuing goods draws an item down at its average value, posts project expense against inventory, and never goes below zero.</summary>
public class IssueGoodsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static async Task<Guid> StockAsync(LedgerWorld w, Guid fund, string quantity, string unitValue, string name = "大米", string unit = "袋")
    {
        await w.F.SendAsync(InKindDonationTests.Donation(fund, InKindDonationTests.Line(name, quantity, unit, unitValue)), w.Secretary, w.Tenant);
        return (await Books.AllAsync<InventoryItem>(w)).Single(i => i.FundId == fund && i.Name == name && i.Unit == unit).Id;
    }

    private static IssueModel.Command Issue(Guid item, string quantity, string recipient = "“暖冬行动”项目", string? key = null) => new()
    {
        IdempotencyKey = key ?? Books.NewKey(), ItemId = item, Quantity = quantity, Recipient = recipient, Date = "2021-02-01",
    };

    private static async Task<InventoryItem> ItemAsync(LedgerWorld w, Guid id) => (await Books.AllAsync<InventoryItem>(w)).Single(i => i.Id == id);

    [Fact]
    public async Task Issuing_part_goes_at_the_average_value_and_the_rest_takes_the_whole_remaining_value()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await StockAsync(w, w.Restricted, "2", "3.33");                 // 6.66
        var item = await StockAsync(w, w.Restricted, "1", "3.34");      // + 3.34 → 3 袋 worth 10.00

        var first = await f.SendAsync(Issue(item, "1", "石坪桥社区困难家庭"), w.Secretary, w.Tenant);
        Assert.Equal(3.33m, first.Value);                                // 10.00 / 3, rounded to the fen
        Assert.Equal((2m, 6.67m), ((await ItemAsync(w, item)).QuantityOnHand, (await ItemAsync(w, item)).ValueOnHand));
        var last = await f.SendAsync(Issue(item, "2"), w.Secretary, w.Tenant);
        Assert.Equal(6.67m, last.Value);                                 // all that is left, not 2 × 3.33
        var emptied = await ItemAsync(w, item);
        Assert.Equal((0m, 0m), (emptied.QuantityOnHand, emptied.ValueOnHand));

        var entries = (await Books.EntriesAsync(w)).Where(e => e.Kind == EntryKind.GoodsIssue).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, Books.AssertBalanced);
        var firstEntry = entries.Single(e => e.Id == first.EntryId);
        Assert.Equal(3.33m, (await Books.LineAsync(w, firstEntry, ChartOfAccounts.ProjectExpense, w.Restricted)).Debit);
        Assert.Equal(3.33m, (await Books.LineAsync(w, firstEntry, ChartOfAccounts.Inventory, w.Restricted)).Credit);
        Assert.Contains("石坪桥社区困难家庭", firstEntry.Description);
        Assert.Equal(0m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Inventory));
        Assert.Equal(10m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.ProjectExpense));

        var issued = (await Books.AllAsync<InventoryMovement>(w)).Where(m => m.Kind == MovementKind.Issued).OrderBy(m => m.Id).ToList();
        Assert.Equal([(-1m, -3.33m, "石坪桥社区困难家庭"), (-2m, -6.67m, "“暖冬行动”项目")], issued.Select(m => (m.Quantity, m.Value, m.Recipient!)));
        Assert.Equal([first.EntryId, last.EntryId], issued.Select(m => m.EntryId));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Theory]
    [InlineData("3.001", "库存只有 3 袋")]
    [InlineData("0", "数量必须大于零")]
    [InlineData("-1", "数量必须大于零")]
    [InlineData("abc", "数量必须是数字")]
    [InlineData("１", "请使用半角数字")]
    [InlineData("0.0001", "最多保留三位小数")]
    public async Task More_than_on_hand_or_a_bad_quantity_is_refused_and_nothing_moves(string quantity, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var item = await StockAsync(w, w.General, "3", "10");
        var ex = await Books.RefusedAsync(() => f.SendAsync(Issue(item, quantity), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(ex, "Quantity"));
        Assert.Equal((3m, 30m), ((await ItemAsync(w, item)).QuantityOnHand, (await ItemAsync(w, item)).ValueOnHand));
        Assert.Single(await Books.EntriesAsync(w));
        Assert.Equal(30m, await w.BalanceAsync(w.General, ChartOfAccounts.Inventory));
    }

    [Fact]
    public async Task A_recipient_is_required_and_a_value_under_a_fen_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var item = await StockAsync(w, w.General, "1000", "0.01", "回形针", "枚");
        var ex = await Books.RefusedAsync(() => f.SendAsync(Issue(item, "1", recipient: " "), w.Secretary, w.Tenant));
        Assert.Contains("请填写领用的项目或受益人", Books.MessageFor(ex, "Recipient"));
        // 0.3 枚 at ¥0.01 each is worth ¥0.003: nothing the books can carry.
        var tiny = await Books.RefusedAsync(() => f.SendAsync(Issue(item, "0.3"), w.Secretary, w.Tenant));
        Assert.Contains("不足一分钱", Books.MessageFor(tiny, ""));
        Assert.Equal(1000m, (await ItemAsync(w, item)).QuantityOnHand);
        Assert.Single(await Books.EntriesAsync(w));
    }

    private static async Task<int> RaceAsync(LedgerWorld w, Guid item, int attempts, int seed, params SliceFixture[] servers)
    {
        var random = new Random(seed);
        var delays = Enumerable.Range(0, attempts).Select(_ => random.Next(0, 15)).ToArray();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, attempts).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            await Task.Delay(delays[i]);
            try { await servers[i % servers.Length].SendAsync(Issue(item, "3"), w.Secretary, w.Tenant); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        start.Release(attempts);
        return (await Task.WhenAll(tasks)).Count(ok => ok);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Twenty_concurrent_issues_of_3_from_50_on_hand_succeed_exactly_16_times(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        // Other goods in the same fund, so the fund's inventory account could cover more: only the item's own guard stops the 17th.
        await StockAsync(w, w.General, "100", "80", "食用油", "桶");
        var item = await StockAsync(w, w.General, "50", "2");
        Assert.Equal(16, await RaceAsync(w, item, 20, seed, f));
        var left = await ItemAsync(w, item);
        Assert.Equal((2m, 4m), (left.QuantityOnHand, left.ValueOnHand));
        Assert.Equal(8004m, await w.BalanceAsync(w.General, ChartOfAccounts.Inventory));
        Assert.Equal(96m, await w.BalanceAsync(w.General, ChartOfAccounts.ProjectExpense));
        Assert.Equal(16, (await Books.EntriesAsync(w)).Count(e => e.Kind == EntryKind.GoodsIssue));
        Assert.Equal(16, (await Books.AllAsync<InventoryMovement>(w)).Count(m => m.Kind == MovementKind.Issued));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task The_same_race_across_two_app_servers_still_issues_exactly_16()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await StockAsync(w, w.General, "100", "80", "食用油", "桶");
        var item = await StockAsync(w, w.General, "50", "2");
        await using var second = new SliceFixtureOnSameDatabase(f);
        Assert.Equal(16, await RaceAsync(w, item, 20, 3, f, second.Fixture));
        Assert.Equal(2m, (await ItemAsync(w, item)).QuantityOnHand);
        Assert.Equal(8004m, await w.BalanceAsync(w.General, ChartOfAccounts.Inventory));
    }

    [Fact]
    public async Task The_same_key_issues_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var item = await StockAsync(w, w.General, "10", "5");
        var command = Issue(item, "4");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.SendAsync(command, w.Secretary, w.Tenant))));
        Assert.Single(results.Distinct());
        Assert.Equal(6m, (await ItemAsync(w, item)).QuantityOnHand);
        Assert.Equal(1, (await Books.EntriesAsync(w)).Count(e => e.Kind == EntryKind.GoodsIssue));
    }

    [Fact]
    public async Task Another_tenants_item_can_be_neither_seen_nor_issued_and_only_the_secretariat_issues()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var theirs = await StockAsync(other, other.General, "10", "5");
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Issue(theirs, "1"), w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new ItemModel.Query { ItemId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new IssueModel.Query { ItemId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Issue(theirs, "1"), other.Committee, other.Tenant));
        Assert.Equal(10m, (await ItemAsync(other, theirs)).QuantityOnHand);

        var client = await Books.SignedInAsync(f, w, w.Secretary);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{w.Tenant.Identifier}/ledger/inventory/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{w.Tenant.Identifier}/ledger/inventory/{theirs}/issue")).StatusCode);
    }

    [Fact]
    public async Task The_issue_form_refuses_more_than_on_hand_and_then_issues_with_the_movement_shown()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var item = await StockAsync(w, w.General, "50", "2", "食用油", "桶");
        var client = await Books.SignedInAsync(f, w, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/ledger/inventory/{item}/issue";
        var form = await Books.PageAsync(client, url);
        Assert.Matches("data-testid=\"issue-form\" data-confirm=\"[^\"]+\"", form); // asked before it posts (wwwroot/js/site.js)
        Assert.Contains("现有库存 50 桶，价值 ¥100.00", form);

        var fields = new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.Quantity"] = "51", ["Input.Recipient"] = "重阳节慰问高龄老人", ["Input.Date"] = "2021-10-14",
        };
        var response = await HttpLogin.PostFormAsync(client, url, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("库存只有 50 桶", await response.Content.ReadAsStringAsync());
        Assert.Equal(50m, (await ItemAsync(w, item)).QuantityOnHand);

        fields["Input.Quantity"] = "12.5";
        response = await HttpLogin.PostFormAsync(client, url, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/inventory/{item}");
        Assert.Contains("已发放 12.5 桶，价值 ¥25.00，并生成第 2 号凭证", page);
        Assert.Contains("重阳节慰问高龄老人", page);
        Assert.Contains("37.5 桶", page);
        var inventory = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/inventory?culture=en");
        Assert.Contains("¥75.00", inventory);
        Assert.Contains("Issue goods", inventory);
    }
}
