using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Reports;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Reports;

/// <summary>试算平衡表: per account debit and credit totals and balance as of a date; debits always equal credits.</summary>
public class TrialBalanceTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Theory]
    [InlineData(11)]
    [InlineData(2020)]
    public async Task The_trial_balance_as_of_any_date_equals_the_journals_fold_and_balances(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await ReportWorld.SeedAsync(w, seed, 60);
        var lines = await ReportWorld.LinesAsync(w);
        var accounts = await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync());

        foreach (var asOf in new[] { new DateOnly(2020, 12, 31), new DateOnly(2021, 1, 1), new DateOnly(2021, 4, 15), new DateOnly(2021, 9, 30), new DateOnly(2022, 1, 1) })
        {
            var result = await f.SendAsync(new TrialBalanceModel.Query { AsOf = asOf.ToString("yyyy-MM-dd") }, w.Committee, w.Tenant);
            Assert.Equal(asOf, result.AsOf);
            Assert.Equal(accounts, result.Rows.Count);
            foreach (var row in result.Rows)
            {
                var mine = lines.Where(l => l.Account == row.AccountId && l.Date <= asOf).ToList();
                Assert.Equal(mine.Sum(l => l.Debit), row.Debit);
                Assert.Equal(mine.Sum(l => l.Credit), row.Credit);
            }
            Assert.Equal(lines.Where(l => l.Date <= asOf).Sum(l => l.Debit), result.TotalDebit);
            Assert.Equal(result.TotalDebit, result.TotalCredit);
            Assert.Equal(result.DebitBalances, result.CreditBalances);
            Assert.True(result.Balanced);
        }
        Assert.Equal(0m, (await f.SendAsync(new TrialBalanceModel.Query { AsOf = "2020-12-31" }, w.Committee, w.Tenant)).TotalDebit);
    }

    [Fact]
    public async Task Without_a_date_the_trial_balance_is_as_of_today_and_uses_the_maintained_balances()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 800, new DateOnly(2021, 2, 1));
        await w.SpendAsync(w.General, 300, new DateOnly(2021, 2, 2));
        var result = await f.SendAsync(new TrialBalanceModel.Query(), w.Secretary, w.Tenant);
        Assert.Equal(TimeProvider.System.Today(), result.AsOf); // the China date, whatever the server's zone
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        Assert.Equal((800m, 300m, 500m), result.Rows.Where(r => r.AccountId == bank).Select(r => (r.Debit, r.Credit, r.Balance)).Single());
        Assert.Equal(1100m, result.TotalDebit);
    }

    [Fact]
    public async Task The_printable_page_shows_sides_totals_and_that_debits_equal_credits()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 1500, new DateOnly(2021, 2, 1));
        await w.SpendAsync(w.General, 250.5m, new DateOnly(2021, 2, 2));
        var client = await w.SignedInAsync(await w.MemberAsync(TenantRole.Auditor));

        var html = await client.PageAsync(w.Url("/ledger/trial-balance?asOf=2021-12-31"));
        Assert.Contains("截至 2021-12-31", html);
        Assert.Contains("借贷平衡：借方合计 = 贷方合计 = ¥1,750.50", html);
        Assert.Contains("借 ¥1,249.50", html); // bank
        Assert.Contains("贷 ¥1,500.00", html); // donation income
        Assert.Contains("class=\"cf-card p-3 mb-3 no-print\"", html);
        Assert.Contains("data-print", html);
        Assert.Contains($"/{w.Tenant.Identifier}/ledger/export/trial-balance/csv?asOf=2021-12-31", html);

        var en = await client.PageAsync(w.Url("/ledger/trial-balance?asOf=2021-12-31&culture=en"));
        Assert.Contains("Balanced: total debits = total credits = ¥1,750.50", en);
        Assert.Contains("Dr ¥1,249.50", en);
    }

    [Theory]
    [InlineData("2021-02-30")]
    [InlineData("31/12/2021")]
    [InlineData("２０２１-01-01")]
    public async Task A_bad_date_shows_a_message_instead_of_a_report(string asOf)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new TrialBalanceModel.Query { AsOf = asOf }, w.Secretary, w.Tenant));
        Assert.Equal("AsOf", Assert.Single(ex.Errors).PropertyName);
        var html = await (await w.SignedInAsync(w.Secretary)).PageAsync(w.Url($"/ledger/trial-balance?asOf={Uri.EscapeDataString(asOf)}"));
        Assert.Contains("请填写有效日期（格式 yyyy-MM-dd）", html);
        Assert.DoesNotContain("data-testid=\"trial-balance\"", html);
    }

    [Fact]
    public async Task Organisations_cannot_read_the_books()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var organisation = await w.MemberAsync(TenantRole.OrgMember);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new TrialBalanceModel.Query(), organisation, w.Tenant));
        await (await w.SignedInAsync(organisation)).PageAsync(w.Url("/ledger/trial-balance"), HttpStatusCode.Forbidden);
    }
}
