using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Funds;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Funds;

public class FundTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<(CommunityFund.Web.Infrastructure.Tenancy.TenantInfo Tenant, AppUser Secretary)> NewTenantAsync()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        return (tenant, secretary);
    }

    [Fact]
    public async Task The_first_fund_brings_the_standard_chart_of_accounts()
    {
        var (tenant, secretary) = await NewTenantAsync();
        await f.SendAsync(new EditModel.Command { Code = "CMJJ", NameZh = "春苗基金", NameEn = "Spring Sprout Fund", Kind = "Restricted", Purpose = "助学助困" }, secretary, tenant);
        var keys = await f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<LedgerAccount>().Select(a => a.SystemKey).ToListAsync());
        Assert.Equal(ChartOfAccounts.Standard.Select(s => s.Key).Order(), keys.Order()!);
    }

    [Theory]
    [InlineData("", "春苗基金", "Restricted", "助学", "Code", "1–20 位")]
    [InlineData("CM JJ", "春苗基金", "Restricted", "助学", "Code", "1–20 位")]
    [InlineData("CMJJ", "", "Unrestricted", "", "NameZh", "中文名称")]
    [InlineData("CMJJ", "春苗基金", "Restricted", "", "Purpose", "必须写明用途")]
    [InlineData("CMJJ", "春苗基金", "Special", "", "Kind", "限定性或非限定性")]
    public async Task Bad_fund_input_is_refused_with_a_message_on_its_field(string code, string nameZh, string kind, string purpose, string field, string expected)
    {
        var (tenant, secretary) = await NewTenantAsync();
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new EditModel.Command { Code = code, NameZh = nameZh, NameEn = "Fund", Kind = kind, Purpose = purpose }, secretary, tenant));
        Assert.Contains(expected, Assert.Single(ex.Errors, e => e.PropertyName == field).ErrorMessage);
        Assert.Equal(0, await f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Fund>().CountAsync()));
    }

    [Fact]
    public async Task A_duplicate_code_is_refused()
    {
        var (tenant, secretary) = await NewTenantAsync();
        await f.SendAsync(new EditModel.Command { Code = "GEN", NameZh = "综合基金", NameEn = "General", Kind = "Unrestricted" }, secretary, tenant);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new EditModel.Command { Code = "GEN", NameZh = "另一个", NameEn = "Other", Kind = "Unrestricted" }, secretary, tenant));
        Assert.Contains("GEN", Assert.Single(ex.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Editing_another_tenants_fund_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new EditModel.Command { Id = other.General, Code = "GEN", NameZh = "篡改", NameEn = "Tampered", Kind = "Unrestricted" }, w.Secretary, w.Tenant));
        Assert.Contains("基金不存在", ex.Errors.First(e => e.PropertyName == "Id").ErrorMessage);
        var name = await f.InTenantAsync(other.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Fund>().Where(x => x.Id == other.General).Select(x => x.NameZh).SingleAsync());
        Assert.Equal("综合基金", name);
    }

    [Fact]
    public async Task The_fund_list_shows_cash_and_in_kind_balances_separately()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.Restricted, 600000m);
        var inventory = await w.AccountAsync(ChartOfAccounts.Inventory);
        var inkind = await w.AccountAsync(ChartOfAccounts.InKindDonation);
        await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(new DateOnly(2021, 2, 1), "大米 100 袋", EntryKind.InKindDonation,
            [new LineDraft(inventory, w.General, 8000m, 0), new LineDraft(inkind, w.General, 0, 8000m)])));
        var result = await f.SendAsync(new IndexModel.Query(), w.Secretary, w.Tenant);
        var restricted = result.Rows.Single(r => r.Id == w.Restricted);
        var general = result.Rows.Single(r => r.Id == w.General);
        Assert.Equal((600000m, 0m), (restricted.Cash, restricted.InKind));
        Assert.Equal((0m, 8000m), (general.Cash, general.InKind));

        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, w.Secretary.Email!, SliceFixture.Password);
        var html = await client.GetStringAsync($"/{w.Tenant.Identifier}/ledger/funds");
        Assert.Contains("¥600,000.00", html);
        Assert.Contains("¥8,000.00", html);
    }
}

public class VerifyBalancesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task The_check_agrees_with_sound_books_and_finds_a_tampered_balance()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        await w.PayAsync(w.General, 250m);
        var sound = await f.SendAsync(new VerifyModel.Command(), w.Committee, w.Tenant);
        Assert.True(sound.Sound);
        Assert.Equal(3, sound.Checked);

        // Someone edits a maintained balance behind the ledger's back: the check must see it.
        await f.Database.ScalarAsync($"UPDATE FundAccountBalances SET DebitTotal = DebitTotal + 1 WHERE TenantId = '{w.Tenant.Id}' AND FundId = '{w.General}' LIMIT 1");
        var tampered = await f.SendAsync(new VerifyModel.Command(), w.Committee, w.Tenant);
        Assert.False(tampered.Sound);
        Assert.Single(tampered.Differences);
    }
}
