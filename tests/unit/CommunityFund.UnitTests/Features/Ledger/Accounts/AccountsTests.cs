using System.Net;
using System.Xml.Linq;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Accounts;

/// <summary>The chart of accounts page: list with balances, create/edit/delete by the secretariat, read-only for others.</summary>
public class AccountsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static readonly DateOnly March = new(2021, 3, 1);

    [Fact]
    public async Task The_chart_lists_every_account_with_its_balance_over_all_funds_on_its_normal_side()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 300, March);
        await w.IncomeAsync(w.Restricted, 200, March);
        await w.SpendAsync(w.General, 50, March);

        var result = await f.SendAsync(new IndexModel.Query(), w.Committee, w.Tenant);

        Assert.Equal(ChartOfAccounts.Standard.Count, result.Rows.Count);
        Assert.Equal(result.Rows.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Code), result.Rows.Select(r => r.Code));
        var bank = result.Rows.Single(r => r.SystemKey == ChartOfAccounts.Bank);
        Assert.Equal(450m, bank.Balance);
        Assert.Equal(500m, result.Rows.Single(r => r.SystemKey == ChartOfAccounts.DonationEnterprise).Balance); // credit-normal, shown positive
        Assert.Equal(50m, result.Rows.Single(r => r.SystemKey == ChartOfAccounts.ProjectExpense).Balance);
        Assert.True(bank.HasPostings);
        Assert.False(result.Rows.Single(r => r.SystemKey == ChartOfAccounts.Cash).HasPostings);
    }

    [Fact]
    public async Task The_secretariat_adds_an_account_and_renames_it()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(new EditModel.Command { Code = " 1003 ", NameZh = "其他货币资金 𠀀", NameEn = "Other money", Type = "Asset" }, w.Secretary, w.Tenant);
        await f.SendAsync(new EditModel.Command { Id = id, Code = "1009", NameZh = "其他货币资金", NameEn = "Other cash equivalents", Type = "Asset" }, w.Secretary, w.Tenant);

        var account = await w.DbAsync(db => db.Set<LedgerAccount>().SingleAsync(a => a.Id == id));
        Assert.Equal(("1009", "其他货币资金", "Other cash equivalents", AccountType.Asset, (string?)null), (account.Code, account.NameZh, account.NameEn, account.Type, account.SystemKey));

        var created = await f.SendAsync(new EditModel.Command { Code = "4999", NameZh = "其他收入 𠀀", NameEn = "Other income", Type = "Income" }, w.Secretary, w.Tenant);
        Assert.Equal("其他收入 𠀀", await w.DbAsync(db => db.Set<LedgerAccount>().Where(a => a.Id == created).Select(a => a.NameZh).SingleAsync()));
    }

    public static TheoryData<string, string, string, string, string> BadInput() => new()
    {
        { "", "银行", "Bank", "Asset", "请填写科目代码" },
        { "   ", "银行", "Bank", "Asset", "请填写科目代码" },
        { "1002", "重复代码", "Duplicate", "Asset", "科目代码 1002 已被使用" },
        { "1 002", "空格", "Space", "Asset", "科目代码只能包含" },
        { "10:02", "冒号", "Colon", "Asset", "科目代码只能包含" },
        { "123456789012345678901", "太长", "Too long", "Asset", "最多 20 个字符" },
        { "1801", "", "Name", "Asset", "请填写中文名称" },
        { "1801", "名称", "", "Asset", "请填写英文名称" },
        { "1801", "名称", "Name", "Treasure", "请选择有效的科目类型" },
        { "1801", "名称", "Name", "1", "请选择有效的科目类型" },
        { "1801", "名称", "Name", "", "请选择有效的科目类型" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_account_input_is_refused_with_a_clear_message_and_saves_nothing(string code, string nameZh, string nameEn, string type, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var before = await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync());

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new EditModel.Command { Code = code, NameZh = nameZh, NameEn = nameEn, Type = type }, w.Secretary, w.Tenant));

        Assert.Contains(ex.Errors, e => e.ErrorMessage.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync()));
    }

    [Fact]
    public async Task Codes_are_unique_per_tenant_only()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(new EditModel.Command { Code = "1803", NameZh = "甲", NameEn = "A", Type = "Asset" }, w.Secretary, w.Tenant);
        await f.SendAsync(new EditModel.Command { Code = "1803", NameZh = "甲", NameEn = "A", Type = "Asset" }, other.Secretary, other.Tenant);
        // Renaming an account to its own code is not a clash.
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        await f.SendAsync(new EditModel.Command { Id = bank, Code = "1002", NameZh = "银行存款（工行）", NameEn = "Bank (ICBC)", Type = "Asset" }, w.Secretary, w.Tenant);
        Assert.Equal("银行存款（工行）", await w.DbAsync(db => db.Set<LedgerAccount>().Where(a => a.Id == bank).Select(a => a.NameZh).SingleAsync()));
    }

    [Fact]
    public async Task The_type_of_a_system_account_or_of_an_account_with_postings_cannot_change()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new EditModel.Command { Id = bank, Code = "1002", NameZh = "银行存款", NameEn = "Bank", Type = "Income" }, w.Secretary, w.Tenant));
        Assert.Contains("不能更改类型", Assert.Single(ex.Errors).ErrorMessage);

        var own = await f.SendAsync(new EditModel.Command { Code = "5301", NameZh = "其他费用", NameEn = "Other expense", Type = "Expense" }, w.Secretary, w.Tenant);
        await f.SendAsync(new EditModel.Command { Id = own, Code = "5301", NameZh = "其他费用", NameEn = "Other expense", Type = "Liability" }, w.Secretary, w.Tenant);
        await w.IncomeAsync(w.General, 100, March);
        await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(March, "应付", EntryKind.Manual,
            [new LineDraft(bank, w.General, 10, 0), new LineDraft(own, w.General, 0, 10)])));
        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new EditModel.Command { Id = own, Code = "5301", NameZh = "其他费用", NameEn = "Other expense", Type = "Expense" }, w.Secretary, w.Tenant));
        Assert.Equal(AccountType.Liability, await w.DbAsync(db => db.Set<LedgerAccount>().Where(a => a.Id == own).Select(a => a.Type).SingleAsync()));
    }

    [Fact]
    public async Task An_unused_account_is_deleted_but_one_with_postings_or_a_system_key_is_not()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var unused = await f.SendAsync(new EditModel.Command { Code = "1802", NameZh = "暂存款", NameEn = "Suspense", Type = "Asset" }, w.Secretary, w.Tenant);
        var posted = await f.SendAsync(new EditModel.Command { Code = "2301", NameZh = "其他应付款", NameEn = "Other payables", Type = "Liability" }, w.Secretary, w.Tenant);
        await w.IncomeAsync(w.General, 100, March);
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(March, "暂收", EntryKind.Manual,
            [new LineDraft(bank, w.General, 10, 0), new LineDraft(posted, w.General, 0, 10)])));
        var cash = await w.AccountAsync(ChartOfAccounts.Cash); // a system account nobody has posted to

        var withPostings = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Delete { AccountId = posted }, w.Secretary, w.Tenant));
        Assert.Equal("科目 2301 已有记账，不能删除。", Assert.Single(withPostings.Errors).ErrorMessage);
        Assert.Equal("", withPostings.Errors.Single().PropertyName); // shown above the table, not under a field
        var system = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Delete { AccountId = cash }, w.Secretary, w.Tenant));
        Assert.Contains("系统科目", Assert.Single(system.Errors).ErrorMessage);

        await f.SendAsync(new IndexModel.Delete { AccountId = unused }, w.Secretary, w.Tenant);
        var left = await w.DbAsync(db => db.Set<LedgerAccount>().Select(a => a.Id).ToListAsync());
        Assert.DoesNotContain(unused, left);
        Assert.Contains(posted, left);
        Assert.Contains(cash, left);
    }

    [Fact]
    public async Task The_committee_and_auditors_read_the_chart_but_only_the_secretariat_changes_it()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var auditor = await w.MemberAsync(TenantRole.Auditor);
        var organisation = await w.MemberAsync(TenantRole.OrgMember);
        Assert.NotEmpty((await f.SendAsync(new IndexModel.Query(), auditor, w.Tenant)).Rows);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query(), organisation, w.Tenant));
        foreach (var reader in new[] { w.Committee, auditor })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new EditModel.Command { Code = "1804", NameZh = "甲", NameEn = "A", Type = "Asset" }, reader, w.Tenant));
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Delete { AccountId = Guid.NewGuid() }, reader, w.Tenant));
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.SeedChart(), reader, w.Tenant));
        }
        Assert.Equal(ChartOfAccounts.Standard.Count, await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync()));

        var client = await w.SignedInAsync(w.Committee);
        var html = await client.PageAsync(w.Url("/ledger/accounts"));
        Assert.Contains("银行存款", html);
        Assert.DoesNotContain("data-testid=\"new-account\"", html);
        Assert.DoesNotContain("删除", html);
        var orgClient = await w.SignedInAsync(organisation);
        await orgClient.PageAsync(w.Url("/ledger/accounts"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_tenant_without_accounts_sees_an_empty_state_whose_button_sets_up_the_standard_chart()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        var w = new LedgerWorld { F = f, Tenant = tenant, Secretary = secretary, Committee = secretary, General = Guid.Empty, Restricted = Guid.Empty };
        var client = await w.SignedInAsync(secretary);

        var empty = await client.PageAsync(w.Url("/ledger/accounts"));
        Assert.Contains("data-testid=\"accounts-empty\"", empty);
        Assert.Contains("初始化标准会计科目", empty);

        var response = await FormPosts.PostAsync(client, w.Url("/ledger/accounts"), w.Url("/ledger/accounts?handler=Seed"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await client.PageAsync(w.Url("/ledger/accounts"));
        Assert.Contains("标准会计科目已建立", html);
        Assert.Contains("data-testid=\"account-1002\"", html);
        Assert.Equal(ChartOfAccounts.Standard.Count, await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync()));
    }

    [Fact]
    public async Task The_account_form_shows_a_duplicate_code_message_in_Chinese_or_English_and_keeps_what_was_typed()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await w.SignedInAsync(w.Secretary);
        var before = await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync());
        var fields = new Dictionary<string, string> { ["Input.Code"] = "1002", ["Input.NameZh"] = "又一个银行", ["Input.NameEn"] = "Another bank", ["Input.Type"] = "Asset" };

        var zh = await FormPosts.PostAsync(client, w.Url("/ledger/accounts/edit"), w.Url("/ledger/accounts/edit"), fields);
        var zhHtml = await zh.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        Assert.Contains("科目代码 1002 已被使用", zhHtml);
        Assert.Contains("value=\"又一个银行\"", zhHtml);

        var en = await FormPosts.PostAsync(client, w.Url("/ledger/accounts/edit"), w.Url("/ledger/accounts/edit?culture=en"), fields);
        var enHtml = await en.Content.ReadAsStringAsync();
        Assert.Contains("Account code 1002 is already in use", enHtml);
        Assert.DoesNotContain("field is required", enHtml);
        Assert.Equal(before, await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync()));

        var created = await FormPosts.PostAsync(client, w.Url("/ledger/accounts/edit"), w.Url("/ledger/accounts/edit"),
            new Dictionary<string, string> { ["Input.Code"] = "1005", ["Input.NameZh"] = "零余额账户", ["Input.NameEn"] = "Zero-balance account", ["Input.Type"] = "Asset" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("零余额账户", await client.PageAsync(w.Url("/ledger/accounts")));
    }

    [Fact]
    public async Task Another_tenants_account_cannot_be_opened_or_deleted()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var theirs = await other.AccountAsync(ChartOfAccounts.Cash);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new EditModel.Query { Id = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new IndexModel.Delete { AccountId = theirs }, w.Secretary, w.Tenant));
        var client = await w.SignedInAsync(w.Secretary);
        await client.PageAsync(w.Url($"/ledger/accounts/edit/{theirs}"), HttpStatusCode.NotFound);
        Assert.Equal(ChartOfAccounts.Standard.Count, await other.DbAsync(db => db.Set<LedgerAccount>().CountAsync()));
    }

    [Fact]
    public void The_books_strings_have_the_same_keys_in_Chinese_and_English()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityFund.sln"))) dir = dir.Parent;
        var resources = Path.Combine(dir!.FullName, "src", "CommunityFund.Web", "Resources");
        HashSet<string> Keys(string file) => XDocument.Load(Path.Combine(resources, file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var zh = Keys("Features.Ledger.Accounts.LedgerBooksResource.resx");
        var en = Keys("Features.Ledger.Accounts.LedgerBooksResource.en.resx");
        Assert.True(zh.Count > 100);
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
    }
}
