using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Donations;

public class RecordDonationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static RecordModel.Command Donation(Guid fund, string amount = "360000", string donor = "重庆渝兴实业有限公司", string? key = null) => new()
    {
        IdempotencyKey = key ?? InputRules.NewIdempotencyKey(), DonorKind = "Enterprise", DonorName = donor,
        Amount = amount, Channel = "BankTransfer", FundId = fund, Date = "2021-03-08", PublicListingConsent = true, Note = "年度捐赠",
    };

    private Task<int> CountAsync<T>(LedgerWorld w) where T : class =>
        f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<T>().CountAsync());

    [Fact]
    public async Task Recording_a_donation_to_a_restricted_fund_raises_its_balance_and_issues_numbered_receipts()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var first = await f.SendAsync(Donation(w.Restricted, "360000"), w.Secretary, w.Tenant);
        var second = await f.SendAsync(Donation(w.Restricted, "1005.20", "张三"), w.Secretary, w.Tenant);

        Assert.Equal(361005.20m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        Assert.Equal(-361005.20m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.DonationEnterprise));
        Assert.Equal((1, 2), (first.ReceiptNumber, second.ReceiptNumber));
        Assert.Equal(2, await CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_16_times_in_parallel_posts_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = Donation(w.General, "500", key: "same-key-16");
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => f.SendAsync(command, w.Secretary, w.Tenant))));

        Assert.Single(results.Select(r => r.DonationId).Distinct());
        Assert.Equal(1, await CountAsync<Donation>(w));
        Assert.Equal(1, await CountAsync<JournalEntry>(w));
        Assert.Equal(500m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task The_same_key_with_different_content_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, "500", key: "reused"), w.Secretary, w.Tenant);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Donation(w.General, "600", key: "reused"), w.Secretary, w.Tenant));
        Assert.Contains("已经提交过不同的内容", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(500m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Theory]
    [InlineData("", "请填写金额")]
    [InlineData("abc", "金额必须是数字")]
    [InlineData("1,000.00", "千位分隔符")]
    [InlineData("１００", "半角数字")]
    [InlineData("-5", "大于零")]
    [InlineData("0", "大于零")]
    [InlineData("10.005", "两位小数")]
    [InlineData("1000000000000", "999,999,999,999.99")]
    public async Task A_bad_amount_gets_a_clear_message_and_nothing_is_saved(string amount, string expected)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await UiCulture.InAsync("zh-CN", () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Donation(w.General, amount), w.Secretary, w.Tenant)));
        Assert.Contains(expected, Assert.Single(ex.Errors, e => e.PropertyName == "Amount").ErrorMessage);
        Assert.Equal(0, await CountAsync<Donation>(w));
        Assert.Equal(0, await CountAsync<Donor>(w));
        Assert.Equal(0, await CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task A_bad_amount_is_explained_in_English_to_English_users()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await UiCulture.InAsync("en", () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Donation(w.General, "1,000.00"), w.Secretary, w.Tenant)));
        Assert.Contains("without thousands separators", Assert.Single(ex.Errors).ErrorMessage);
    }

    [Fact]
    public async Task An_unknown_fund_or_another_tenants_fund_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        foreach (var fund in new[] { Guid.NewGuid(), other.General })
        {
            var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Donation(fund), w.Secretary, w.Tenant));
            Assert.Contains("基金不存在", Assert.Single(ex.Errors, e => e.PropertyName == "FundId").ErrorMessage);
        }
        Assert.Equal(0, await CountAsync<Donation>(w));
        Assert.Equal(0, await CountAsync<Donation>(other));
    }

    [Fact]
    public async Task Chinese_text_with_four_byte_characters_round_trips_in_donor_names_and_notes()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = Donation(w.General, "88", donor: "𠀀𠮷记商行");
        command.Note = "𠀀 备注 😀";
        var recorded = await f.SendAsync(command, w.Secretary, w.Tenant);
        var (name, note) = await f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var d = await db.Set<Donation>().SingleAsync(x => x.Id == recorded.DonationId);
            return ((await db.Set<Donor>().SingleAsync(x => x.Id == d.DonorId)).Name, d.Note);
        });
        Assert.Equal("𠀀𠮷记商行", name);
        Assert.Equal("𠀀 备注 😀", note);
    }

    [Fact]
    public async Task Only_the_secretariat_records_donations()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<CommunityFund.Web.Infrastructure.Mediation.ForbiddenException>(() => f.SendAsync(Donation(w.General), w.Committee, w.Tenant));
    }

    [Fact]
    public async Task Voiding_a_receipt_reverses_its_donation_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(Donation(w.General, "1200"), w.Secretary, w.Tenant);
        await f.SendAsync(new ReceiptModel.VoidCommand { DonationId = recorded.DonationId, Reason = "金额录错", Date = "2021-03-09" }, w.Secretary, w.Tenant);

        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        var again = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new ReceiptModel.VoidCommand { DonationId = recorded.DonationId, Reason = "再次", Date = "2021-03-09" }, w.Secretary, w.Tenant));
        Assert.Contains("已作废", Assert.Single(again.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_receipt_whose_money_was_spent_cannot_be_voided_and_stays_valid()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(Donation(w.General, "100"), w.Secretary, w.Tenant);
        await w.PayAsync(w.General, 60);
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new ReceiptModel.VoidCommand { DonationId = recorded.DonationId, Reason = "退款", Date = "2021-04-02" }, w.Secretary, w.Tenant));
        Assert.Contains("余额不足", Assert.Single(ex.Errors).ErrorMessage);
        var voided = await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<DonationReceipt>().Where(r => r.DonationId == recorded.DonationId).Select(r => r.VoidedAt).SingleAsync());
        Assert.Null(voided);
        Assert.Equal(40m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task The_printable_receipt_shows_the_amount_in_capital_numerals()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(Donation(w.Restricted, "360000"), w.Secretary, w.Tenant);
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, w.Secretary.Email!, SliceFixture.Password);
        var response = await client.GetAsync($"/{w.Tenant.Identifier}/ledger/donations/{recorded.DonationId}/receipt");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("人民币叁拾陆万元整", html);
        Assert.Contains("¥360,000.00", html);
        Assert.Contains("000001", html);
    }

    [Fact]
    public async Task The_donation_form_shows_every_amount_message_on_the_page_and_saves_nothing()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, w.Secretary.Email!, SliceFixture.Password);
        var url = $"/{w.Tenant.Identifier}/ledger/donations/record";
        foreach (var (amount, expected) in new[] { ("１００", "半角数字"), ("abc", "金额必须是数字"), ("", "请填写金额") })
        {
            var response = await HttpLogin.PostFormAsync(client, url, new Dictionary<string, string>
            {
                ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(), ["Input.DonorKind"] = "Individual", ["Input.DonorName"] = "李四",
                ["Input.Amount"] = amount, ["Input.Channel"] = "Cash", ["Input.FundId"] = w.General.ToString(), ["Input.Date"] = "2021-05-01",
            });
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expected, html);
            Assert.Contains("李四", html); // what was typed is kept
        }
        var forged = await HttpLogin.PostFormAsync(client, url, new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(), ["Input.DonorKind"] = "Individual", ["Input.DonorName"] = "李四",
            ["Input.Amount"] = "100", ["Input.Channel"] = "Cash", ["Input.FundId"] = "not-a-guid", ["Input.Date"] = "2021-05-01",
        });
        Assert.Contains("基金不存在", await forged.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync<Donation>(w));
    }

    [Theory]
    [InlineData(TenantRole.Judge)]
    [InlineData(TenantRole.OrgMember)]
    public async Task A_judge_or_an_organisation_member_is_refused_the_donation_form_and_sees_no_donor_name(TenantRole role)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, "500", "重庆渝兴实业有限公司"), w.Secretary, w.Tenant);
        await f.SendAsync(Donation(w.General, "80", "谭明远"), w.Secretary, w.Tenant);
        var visitor = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, visitor, role);
        var client = await Books.SignedInAsync(f, w, visitor);
        var t = w.Tenant.Identifier;

        foreach (var url in new[] { $"/{t}/ledger/donations/record", $"/{t}/ledger/donations/record?culture=en", $"/{t}/ledger/donors" })
        {
            var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("重庆渝兴实业有限公司", html);
            Assert.DoesNotContain("谭明远", html);
        }
    }

    [Fact]
    public async Task The_secretariat_picks_the_donor_from_the_register_on_the_donation_form()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, "500", "重庆渝兴实业有限公司"), w.Secretary, w.Tenant);
        await f.SendAsync(Donation(w.General, "80", "谭明远"), w.Secretary, w.Tenant);
        var client = await Books.SignedInAsync(f, w, w.Secretary);

        var html = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/donations/record");
        Assert.Contains("重庆渝兴实业有限公司", html);
        Assert.Contains("谭明远", html);
        Assert.Contains("综合基金", html);
    }
}

public class BooksLanguageTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task A_reversal_typed_by_an_English_user_is_described_in_Chinese_in_the_books()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(new RecordModel.Command
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), DonorKind = "Individual", DonorName = "王五", Amount = "50", Channel = "Cash",
            FundId = w.General, Date = "2021-03-08",
        }, w.Secretary, w.Tenant);
        await UiCulture.InAsync("en", () => f.SendAsync(new ReceiptModel.VoidCommand { DonationId = recorded.DonationId, Reason = "typed twice", Date = "2021-03-09" }, w.Secretary, w.Tenant));
        var description = await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<JournalEntry>()
            .Where(e => e.ReversesEntryId == recorded.EntryId).Select(e => e.Description).SingleAsync());
        Assert.StartsWith("冲销第", description);
        Assert.Contains("作废票据", description);
    }
}
