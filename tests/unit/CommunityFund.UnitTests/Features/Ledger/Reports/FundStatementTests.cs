using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Reports;

namespace CommunityFund.UnitTests.Features.Ledger.Reports;

/// <summary>基金收支表: opening + income − spending (+ other movements) = closing, per fund, for any date range.</summary>
public class FundStatementTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static DateOnly D(int month, int day) => new(2021, month, day);

    [Fact]
    public async Task A_months_statement_adds_up_opening_plus_income_minus_spending_to_closing()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 1000, D(1, 15));
        await w.IncomeAsync(w.General, 500, D(3, 2));
        await w.IncomeAsync(w.General, 120, D(3, 9), ChartOfAccounts.GovernmentTransfer, "财政补助");
        await w.SpendAsync(w.General, 200, D(3, 20), ChartOfAccounts.GrantExpense);
        await w.PostAsync(D(3, 21), "大米 50 袋", EntryKind.InKindDonation, (ChartOfAccounts.Inventory, w.General, 300, 0), (ChartOfAccounts.InKindDonation, w.General, 0, 300));
        await w.PostAsync(D(3, 25), "发放大米", EntryKind.GoodsIssue, (ChartOfAccounts.ProjectExpense, w.General, 100, 0), (ChartOfAccounts.Inventory, w.General, 0, 100));
        await w.IncomeAsync(w.General, 70, D(4, 1)); // after the range
        await w.IncomeAsync(w.Restricted, 999, D(3, 5)); // another fund

        var result = await f.SendAsync(new FundStatementModel.Query { From = "2021-03-01", To = "2021-03-31", Fund = w.General.ToString() }, w.Committee, w.Tenant);

        var s = Assert.Single(result.Funds);
        Assert.Equal((1000m, 0m), (s.OpeningCash, s.OpeningInKind));
        Assert.Equal([("4102", 500m), ("4201", 120m), ("4501", 300m)], s.Income.Select(i => (i.Code, i.Amount)));
        Assert.Equal([("5101", 200m), ("5102", 100m)], s.Spending.Select(i => (i.Code, i.Amount)));
        Assert.Empty(s.Other);
        Assert.Equal((1420m, 200m), (s.ClosingCash, s.ClosingInKind));
        Assert.Equal(s.Opening + s.TotalIncome - s.TotalSpending, s.Closing);
        Assert.True(s.Reconciles);
    }

    [Fact]
    public async Task Transfers_and_advances_appear_as_other_movements_so_every_fund_still_reconciles()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 1000, D(1, 15));
        await w.PostAsync(D(2, 1), "划入幸福家园", EntryKind.FundTransfer,
            (ChartOfAccounts.NetAssets, w.General, 400, 0), (ChartOfAccounts.Bank, w.General, 0, 400),
            (ChartOfAccounts.Bank, w.Restricted, 400, 0), (ChartOfAccounts.NetAssets, w.Restricted, 0, 400));
        await w.PostAsync(D(2, 3), "预付资助款", EntryKind.Disbursement, (ChartOfAccounts.Advances, w.Restricted, 300, 0), (ChartOfAccounts.Bank, w.Restricted, 0, 300));
        await w.PostAsync(D(2, 20), "核销预付款", EntryKind.AdvanceWriteOff, (ChartOfAccounts.ProjectExpense, w.Restricted, 250, 0), (ChartOfAccounts.Advances, w.Restricted, 0, 250));

        var result = await f.SendAsync(new FundStatementModel.Query { From = "2021-02-01", To = "2021-02-28" }, w.Secretary, w.Tenant);

        var general = result.Funds.Single(s => s.FundId == w.General);
        var restricted = result.Funds.Single(s => s.FundId == w.Restricted);
        Assert.Equal([("3101", -400m)], general.Other.Select(i => (i.Code, i.Amount)));
        Assert.Equal((1000m, 600m), (general.Opening, general.Closing));
        Assert.Equal([("1141", -50m), ("3101", 400m)], restricted.Other.Select(i => (i.Code, i.Amount)));
        Assert.Equal([("5102", 250m)], restricted.Spending.Select(i => (i.Code, i.Amount)));
        Assert.Equal((0m, 100m), (restricted.Opening, restricted.Closing));
        Assert.All(result.Funds, s => Assert.Equal(s.Opening + s.TotalIncome - s.TotalSpending + s.TotalOther, s.Closing));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(77)]
    [InlineData(1234)]
    public async Task For_random_books_and_ranges_every_statement_reconciles_and_matches_the_journal(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await ReportWorld.SeedAsync(w, seed, 70);
        var lines = await ReportWorld.LinesAsync(w);
        var accounts = await w.DbAsync(db => db.Set<LedgerAccount>().ToDictionaryAsync(a => a.Id));
        bool Cash(Guid a) => accounts[a].SystemKey is ChartOfAccounts.Bank or ChartOfAccounts.Cash;
        bool Goods(Guid a) => accounts[a].SystemKey is ChartOfAccounts.Inventory;
        var random = new Random(seed);

        for (var round = 0; round < 6; round++)
        {
            var from = new DateOnly(2021, 1, 1).AddDays(random.Next(360));
            var to = from.AddDays(random.Next(120));
            var result = await f.SendAsync(new FundStatementModel.Query { From = from.ToString("yyyy-MM-dd"), To = to.ToString("yyyy-MM-dd") }, w.Committee, w.Tenant);
            Assert.Equal(2, result.Funds.Count);
            foreach (var s in result.Funds)
            {
                var fund = lines.Where(l => l.Fund == s.FundId).ToList();
                decimal Balance(Func<Guid, bool> which, DateOnly through) => fund.Where(l => which(l.Account) && l.Date <= through).Sum(l => l.Debit - l.Credit);
                Assert.Equal(Balance(Cash, from.AddDays(-1)), s.OpeningCash);
                Assert.Equal(Balance(Goods, from.AddDays(-1)), s.OpeningInKind);
                Assert.Equal(Balance(Cash, to), s.ClosingCash);
                Assert.Equal(Balance(Goods, to), s.ClosingInKind);
                var period = fund.Where(l => l.Date >= from && l.Date <= to).ToList();
                Assert.Equal(period.Where(l => accounts[l.Account].Type == AccountType.Income).Sum(l => l.Credit - l.Debit), s.TotalIncome);
                Assert.Equal(period.Where(l => accounts[l.Account].Type == AccountType.Expense).Sum(l => l.Debit - l.Credit), s.TotalSpending);
                Assert.Equal(s.Opening + s.TotalIncome - s.TotalSpending + s.TotalOther, s.Closing);
                Assert.True(s.Reconciles);
            }
        }
    }

    [Fact]
    public async Task Without_dates_the_statement_covers_this_year_to_today()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var result = await f.SendAsync(new FundStatementModel.Query(), w.Secretary, w.Tenant);
        var today = TimeProvider.System.Today();
        Assert.Equal((new DateOnly(today.Year, 1, 1), today), (result.From, result.To));
        Assert.Equal(["GEN", "XFJY"], result.Funds.Select(s => s.Code));
    }

    [Theory]
    [InlineData("from=2021-13-01&to=2021-12-31", "请填写有效日期")]
    [InlineData("from=2021-06-01&to=2021-05-31", "结束日期不能早于开始日期")]
    [InlineData("from=2021-01-01&to=2021-12-31&fund=00000000-0000-0000-0000-000000000000", "基金不存在")]
    public async Task Bad_input_shows_a_message_instead_of_a_statement(string query, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var html = await (await w.SignedInAsync(w.Committee)).PageAsync(w.Url("/ledger/fund-statement?" + query));
        Assert.Contains(message, html);
        Assert.DoesNotContain("data-testid=\"statement-", html);
    }

    [Fact]
    public async Task Another_tenants_fund_is_unknown_here()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new FundStatementModel.Query { Fund = other.General.ToString() }, w.Secretary, w.Tenant));
        Assert.Equal("Fund", Assert.Single(ex.Errors).PropertyName);
    }

    [Fact]
    public async Task The_printable_page_shows_each_fund_with_its_proof()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.Restricted, 600000, D(2, 1), ChartOfAccounts.FederationGrant, "重庆市慈善总会拨款");
        await w.SpendAsync(w.Restricted, 12345.6m, D(2, 10));
        var html = await (await w.SignedInAsync(w.Committee)).PageAsync(w.Url("/ledger/fund-statement?from=2021-02-01&to=2021-02-28"));
        Assert.Contains("data-testid=\"statement-XFJY\"", html);
        Assert.Contains("data-testid=\"statement-GEN\"", html);
        Assert.Contains("慈善总会拨款收入", html);
        var text = System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(html), @"\s+", " ");
        Assert.Contains("期初 ¥0.00 + 收入 ¥600,000.00 − 支出 ¥12,345.60 = 期末 ¥587,654.40 ✓", text);
        Assert.Contains("限定性", html);
        Assert.Contains("no-print", html);
        Assert.Contains("2021-02-01 至 2021-02-28", html);
    }
}
