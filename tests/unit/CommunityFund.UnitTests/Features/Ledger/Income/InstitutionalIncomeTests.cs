using System.Net;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Income;

/// <summary>财政拨款 and 慈善总会拨款: each records its document and posts exactly one balanced entry, once per key.</summary>
public class InstitutionalIncomeTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static GovernmentModel.Command Transfer(LedgerWorld w, string amount = "200000.00", string? fund = null, string? key = null) => new()
    {
        IdempotencyKey = key ?? Books.NewKey(), Department = "沙坪坝区财政局", DocumentNumber = "沙财社〔2021〕12号", Purpose = "社区阳光基金配套资金",
        FundId = fund ?? w.General.ToString(), Amount = amount, Date = "2021-03-15",
    };

    private static FederationModel.Command Grant(LedgerWorld w, string amount = "600000.00") => new()
    {
        IdempotencyKey = Books.NewKey(), Federation = "City", AgreementReference = "渝慈协〔2020〕35号", Purpose = "幸福家园建设",
        FundId = w.Restricted.ToString(), Amount = amount, Date = "2020-11-20",
    };

    [Fact]
    public async Task Recording_a_government_transfer_posts_one_balanced_entry_from_bank_to_government_transfer_income()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(Transfer(w), w.Secretary, w.Tenant);

        var income = Assert.Single(await Books.AllAsync<InstitutionalIncome>(w));
        Assert.Equal((InstitutionalIncomeKind.GovernmentTransfer, "沙坪坝区财政局", "沙财社〔2021〕12号", "社区阳光基金配套资金", w.General, 200000.00m, new DateOnly(2021, 3, 15)),
            (income.Kind, income.Source, income.Reference, income.Purpose, income.FundId, income.Amount, income.Date));
        Assert.Equal(w.Secretary.Id, income.RecordedBy);
        var entry = Assert.Single(await Books.EntriesAsync(w));
        Assert.Equal((recorded.IncomeId, recorded.EntryId, recorded.EntryNumber), (income.Id, entry.Id, entry.Number));
        Assert.Equal(income.EntryId, entry.Id);
        Assert.Equal((EntryKind.GovernmentTransfer, nameof(InstitutionalIncome), (Guid?)income.Id), (entry.Kind, entry.SourceType, entry.SourceId));
        Assert.Equal(2, entry.Lines.Count);
        Books.AssertBalanced(entry);
        Assert.Equal(200000.00m, (await Books.LineAsync(w, entry, ChartOfAccounts.Bank, w.General)).Debit);
        Assert.Equal(200000.00m, (await Books.LineAsync(w, entry, ChartOfAccounts.GovernmentTransfer, w.General)).Credit);
        Assert.Equal(200000.00m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(-200000.00m, await w.BalanceAsync(w.General, ChartOfAccounts.GovernmentTransfer));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task Recording_a_federation_grant_posts_bank_against_federation_grant_income_and_keeps_the_agreement()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Grant(w), w.Secretary, w.Tenant);
        await f.SendAsync(new FederationModel.Command
        {
            IdempotencyKey = Books.NewKey(), Federation = "District", AgreementReference = "沙慈〔2021〕8号", Purpose = "", FundId = w.Restricted.ToString(),
            Amount = "200000", Date = "2021-02-01",
        }, w.Secretary, w.Tenant);

        var incomes = (await Books.AllAsync<InstitutionalIncome>(w)).OrderBy(i => i.Date).ToList();
        Assert.Equal(["市慈善总会", "区慈善总会"], incomes.Select(i => i.Source));
        Assert.Equal(["渝慈协〔2020〕35号", "沙慈〔2021〕8号"], incomes.Select(i => i.Reference));
        Assert.Null(incomes[1].Purpose);
        Assert.All(incomes, i => Assert.Equal(InstitutionalIncomeKind.FederationGrant, i.Kind));
        var entries = await Books.EntriesAsync(w);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => { Assert.Equal(EntryKind.FederationGrant, e.Kind); Books.AssertBalanced(e); });
        Assert.Equal(600000m, (await Books.LineAsync(w, entries.Single(e => e.Id == incomes[0].EntryId), ChartOfAccounts.FederationGrant, w.Restricted)).Credit);
        Assert.Equal(800000m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        Assert.Equal(-800000m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.FederationGrant));
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_again_and_in_parallel_records_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = Transfer(w);
        var first = await f.SendAsync(command, w.Secretary, w.Tenant);
        var repeats = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.SendAsync(command, w.Secretary, w.Tenant))));
        Assert.All(repeats, r => Assert.Equal(first, r));

        var grant = Grant(w);
        var racing = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => f.SendAsync(grant, w.Secretary, w.Tenant))));
        Assert.Single(racing.Distinct());

        Assert.Equal(2, await Books.CountAsync<InstitutionalIncome>(w));
        Assert.Equal(2, (await Books.EntriesAsync(w)).Count);
        Assert.Equal(200000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(600000m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task The_same_key_with_different_content_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var key = Books.NewKey();
        await f.SendAsync(Transfer(w, key: key), w.Secretary, w.Tenant);
        var ex = await Books.RefusedAsync(() => f.SendAsync(Transfer(w, amount: "300000.00", key: key), w.Secretary, w.Tenant));
        Assert.Contains("已经提交过不同的内容", Books.MessageFor(ex, ""));
        Assert.Equal(200000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Single(await Books.EntriesAsync(w));
    }

    [Theory]
    [InlineData("", "请填写金额")]
    [InlineData("abc", "金额必须是数字")]
    [InlineData("1,000.00", "不要输入千位分隔符")]
    [InlineData("１００", "请使用半角数字")]
    [InlineData("-5", "金额必须大于零")]
    [InlineData("0", "金额必须大于零")]
    [InlineData("100.001", "最多保留两位小数")]
    [InlineData("1000000000000", "金额不能超过")]
    public async Task A_bad_amount_is_refused_with_its_own_message_and_nothing_is_saved(string amount, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var transfer = await Books.RefusedAsync(() => f.SendAsync(Transfer(w, amount), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(transfer, "Amount"));
        var grant = await Books.RefusedAsync(() => f.SendAsync(Grant(w, amount), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(grant, "Amount"));
        Assert.Equal(0, await Books.CountAsync<InstitutionalIncome>(w));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task An_unknown_fund_a_tampered_id_or_another_tenants_fund_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        foreach (var (fund, message) in new[]
                 {
                     (other.General.ToString(), "基金不存在"), (Guid.NewGuid().ToString(), "基金不存在"), ("' OR 1=1 --", "基金不存在"), ("", "请选择基金"),
                 })
        {
            var ex = await Books.RefusedAsync(() => f.SendAsync(Transfer(w, fund: fund), w.Secretary, w.Tenant));
            Assert.Contains(message, Books.MessageFor(ex, "FundId"));
        }
        Assert.Equal(0, await Books.CountAsync<InstitutionalIncome>(w));
        Assert.Equal(0, await Books.CountAsync<InstitutionalIncome>(other));
        Assert.Equal(0m, await other.BalanceAsync(other.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task Missing_department_document_number_agreement_date_or_federation_are_named()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var transfer = Transfer(w);
        transfer.Department = " ";
        transfer.DocumentNumber = "";
        transfer.Date = "2021-02-30";
        var ex = await Books.RefusedAsync(() => f.SendAsync(transfer, w.Secretary, w.Tenant));
        Assert.Contains("请填写拨款部门", Books.MessageFor(ex, "Department"));
        Assert.Contains("请填写文号", Books.MessageFor(ex, "DocumentNumber"));
        Assert.Contains("请填写有效日期", Books.MessageFor(ex, "Date"));

        var grant = Grant(w);
        grant.Federation = "Provincial";
        grant.AgreementReference = "";
        var refused = await Books.RefusedAsync(() => f.SendAsync(grant, w.Secretary, w.Tenant));
        Assert.Contains("请选择市慈善总会或区慈善总会", Books.MessageFor(refused, "Federation"));
        Assert.Contains("请填写协议编号", Books.MessageFor(refused, "AgreementReference"));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task Chinese_4_byte_characters_round_trip_in_department_reference_and_purpose()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = Transfer(w);
        command.Department = "𠀀𠀁街道财政所";
        command.DocumentNumber = "𠀀财〔2021〕1号";
        command.Purpose = "𠀀 困难群众帮扶 🏠";
        await f.SendAsync(command, w.Secretary, w.Tenant);
        var income = Assert.Single(await Books.AllAsync<InstitutionalIncome>(w));
        Assert.Equal(("𠀀𠀁街道财政所", "𠀀财〔2021〕1号", "𠀀 困难群众帮扶 🏠"), (income.Source, income.Reference, income.Purpose));
        Assert.Contains("𠀀𠀁街道财政所", Assert.Single(await Books.EntriesAsync(w)).Description);
    }

    [Fact]
    public async Task Only_the_secretariat_records_income()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Transfer(w), w.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Grant(w), w.Committee, w.Tenant));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task The_government_transfer_form_shows_the_separator_message_keeps_the_input_and_saves_nothing()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await Books.SignedInAsync(f, w, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/ledger/income/government";
        var key = Books.NewKey();
        var fields = new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = key, ["Input.Department"] = "沙坪坝区财政局", ["Input.DocumentNumber"] = "沙财社〔2021〕12号", ["Input.Purpose"] = "",
            ["Input.FundId"] = w.General.ToString(), ["Input.Amount"] = "1,000.00", ["Input.Date"] = "2021-03-15",
        };

        var response = await HttpLogin.PostFormAsync(client, url, fields);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("金额中不要输入千位分隔符", html);
        Assert.Contains("value=\"1,000.00\"", html);
        Assert.Contains($"value=\"{key}\"", html); // the same key goes back with the corrected form
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));

        // Another tenant's fund posted in the select: refused, localised, nothing saved.
        var other = await LedgerWorld.CreateAsync(f);
        response = await HttpLogin.PostFormAsync(client, url + "?culture=en", new Dictionary<string, string>(fields) { ["Input.Amount"] = "1000.00", ["Input.FundId"] = other.General.ToString() });
        Assert.Contains("No such fund; choose again.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(other));

        response = await HttpLogin.PostFormAsync(client, url, new Dictionary<string, string>(fields) { ["Input.Amount"] = "1000.00" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{w.Tenant.Identifier}/ledger/income", response.Headers.Location?.OriginalString);
        var list = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/income");
        Assert.Contains("已登记，并生成第 1 号凭证", list);
        Assert.Contains("¥1,000.00", list);
        Assert.Contains("沙财社〔2021〕12号", list);
        Assert.Equal(1000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task The_income_pages_render_in_Chinese_and_English_with_an_empty_state()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await Books.SignedInAsync(f, w, w.Secretary);
        var t = w.Tenant.Identifier;
        Assert.Contains("还没有登记财政拨款或慈善总会拨款", await Books.PageAsync(client, $"/{t}/ledger/income"));
        Assert.Contains("No government transfers or federation grants recorded yet", await Books.PageAsync(client, $"/{t}/ledger/income?culture=en"));
        var form = await Books.PageAsync(client, $"/{t}/ledger/income/government");
        Assert.Contains("name=\"Input.IdempotencyKey\"", form);
        Assert.Contains("幸福家园建设资金", form);
        Assert.Contains("City charity federation", await Books.PageAsync(client, $"/{t}/ledger/income/federation?culture=en"));

        await f.SendAsync(Grant(w), w.Secretary, w.Tenant);
        var committee = await Books.SignedInAsync(f, w, w.Committee);
        var list = await Books.PageAsync(committee, $"/{t}/ledger/income?culture=en");
        Assert.Contains("¥600,000.00", list);
        Assert.Contains("City charity federation", list);
        Assert.DoesNotContain("data-testid=\"record-government\"", list); // the committee reads, the secretariat records
    }
}
