using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Journal;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Journal;

/// <summary>The entry page: lines, source document, author, reversal links both ways, and reversing by the secretariat.</summary>
public class EntryTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static readonly DateOnly March = new(2021, 3, 1);

    private static EntryModel.Reverse Reverse(long id, string date = "2021-03-05", string reason = "金额录错") =>
        new() { EntryId = id, Date = date, Reason = reason, IdempotencyKey = InputRules.NewIdempotencyKey() };

    [Fact]
    public async Task The_entry_page_shows_lines_totals_source_document_and_author()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var donationId = Guid.NewGuid();
        // Look-ups first: a nested scope would clear the acting user of the posting's scope.
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var income = await w.AccountAsync(ChartOfAccounts.DonationEnterprise);
        var posted = await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(March, "捐赠：重庆某某有限公司 𠀀", EntryKind.Donation,
            [new LineDraft(bank, w.Restricted, 360000, 0, "工行到账"), new LineDraft(income, w.Restricted, 0, 360000)],
            nameof(Donation), donationId)));

        var detail = await f.SendAsync(new EntryModel.Query { Id = posted.Id }, w.Committee, w.Tenant);
        Assert.Equal((posted.Number, "捐赠：重庆某某有限公司 𠀀", 360000m, 360000m), (detail.Number, detail.Description, detail.TotalDebit, detail.TotalCredit));
        Assert.Equal(["1002", "4102"], detail.Lines.Select(l => l.AccountCode));
        Assert.All(detail.Lines, l => Assert.Equal("XFJY", l.FundCode));
        var authorId = await w.DbAsync(db => db.Set<JournalEntry>().Where(e => e.Id == posted.Id).Select(e => e.AuthorId).SingleAsync());
        Assert.Equal(w.Secretary.Id, authorId);
        Assert.Contains(w.Secretary.Email!, detail.Author);
        Assert.True(detail.Reversible);

        var html = await (await w.SignedInAsync(w.Committee)).PageAsync(w.Url($"/ledger/journal/{posted.Id}"));
        Assert.Contains("¥360,000.00", html);
        Assert.Contains("工行到账", html);
        Assert.Contains("幸福家园建设资金", html);
        Assert.Contains($"/{w.Tenant.Identifier}/ledger/donations/{donationId}/receipt", html);
        Assert.Contains("2021-03-01", html);
        Assert.DoesNotContain("reverse-form", html); // the committee reads; only the secretariat reverses
        Assert.Contains("reverse-form", await (await w.SignedInAsync(w.Secretary)).PageAsync(w.Url($"/ledger/journal/{posted.Id}")));
    }

    [Fact]
    public async Task Reversing_posts_the_mirror_entry_links_both_ways_and_hides_the_form()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var reversal = await f.SendAsync(Reverse(original.Id), w.Secretary, w.Tenant);

        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        var back = await f.SendAsync(new EntryModel.Query { Id = reversal.Id }, w.Secretary, w.Tenant);
        Assert.Equal(original.Id, back.Reverses!.Id);
        Assert.Equal(EntryKind.Reversal, back.Kind);
        Assert.Contains("金额录错", back.Description);
        Assert.Equal(new DateOnly(2021, 3, 5), back.Date);
        var forth = await f.SendAsync(new EntryModel.Query { Id = original.Id }, w.Secretary, w.Tenant);
        Assert.Equal(reversal.Id, forth.ReversedBy!.Id);
        Assert.False(forth.Reversible);
        Assert.False(back.Reversible);

        var client = await w.SignedInAsync(w.Secretary);
        var originalHtml = await client.PageAsync(w.Url($"/ledger/journal/{original.Id}"));
        Assert.Contains($"href=\"/{w.Tenant.Identifier}/ledger/journal/{reversal.Id}\"", originalHtml);
        Assert.DoesNotContain("reverse-form", originalHtml);
        var reversalHtml = await client.PageAsync(w.Url($"/ledger/journal/{reversal.Id}"));
        Assert.Contains($"href=\"/{w.Tenant.Identifier}/ledger/journal/{original.Id}\"", reversalHtml);
        Assert.DoesNotContain("reverse-form", reversalHtml);
    }

    [Fact]
    public async Task Reversing_twice_or_reversing_a_reversal_is_refused_with_the_ledgers_message()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var reversal = await f.SendAsync(Reverse(original.Id), w.Secretary, w.Tenant);
        var twice = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reverse(original.Id), w.Secretary, w.Tenant));
        Assert.Contains("已经冲销过", Assert.Single(twice.Errors).ErrorMessage);
        var ofReversal = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reverse(reversal.Id), w.Secretary, w.Tenant));
        Assert.Contains("不能再次冲销", Assert.Single(ofReversal.Errors).ErrorMessage);
        Assert.Equal(2, await w.EntryCountAsync());
    }

    [Fact]
    public async Task The_same_form_submitted_twice_reverses_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var command = Reverse(original.Id);
        var first = await f.SendAsync(command, w.Secretary, w.Tenant);
        var again = await f.SendAsync(new EntryModel.Reverse { EntryId = command.EntryId, Date = command.Date, Reason = command.Reason, IdempotencyKey = command.IdempotencyKey }, w.Secretary, w.Tenant);
        Assert.Equal(first, again);
        Assert.Equal(2, await w.EntryCountAsync());
    }

    public static TheoryData<string, string, string, string> BadReversal() => new()
    {
        { "2021-03-05", "", "Reason", "请填写冲销原因" },
        { "2021-03-05", "   ", "Reason", "请填写冲销原因" },
        { "2021-03-05", new string('错', 201), "Reason", "最多 200 个字符" },
        { "", "录错", "Date", "请填写有效日期" },
        { "2021/03/05", "录错", "Date", "请填写有效日期" },
        { "2021-02-30", "录错", "Date", "请填写有效日期" },
        { "2021-02-28", "录错", "Date", "冲销日期不能早于原凭证日期" },
    };

    [Theory]
    [MemberData(nameof(BadReversal))]
    public async Task A_bad_reversal_is_refused_with_a_message_on_its_field_and_posts_nothing(string date, string reason, string property, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reverse(original.Id, date, reason), w.Secretary, w.Tenant));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(property, error.PropertyName);
        Assert.Contains(message, error.ErrorMessage);
        Assert.Equal(1, await w.EntryCountAsync());
        Assert.Equal(250m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task Reversing_into_a_closed_month_or_below_zero_shows_the_ledgers_refusal_above_the_form()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        await w.SpendAsync(w.General, 100, March);
        await w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<Web.Infrastructure.Data.AppDbContext>();
            db.Add(new PeriodClose { ThroughDate = new DateOnly(2021, 3, 31), ClosedBy = w.Committee.Id, ClosedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var client = await w.SignedInAsync(w.Secretary);
        var page = w.Url($"/ledger/journal/{original.Id}");

        var closed = await FormPosts.PostAsync(client, page, page + "?handler=Reverse", new Dictionary<string, string>
        {
            ["Input.Date"] = "2021-03-20", ["Input.Reason"] = "录错", ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(),
        });
        var closedHtml = await closed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Contains("data-testid=\"form-errors\"", closedHtml);
        Assert.Contains("2021-03-31 及以前的会计期间已结账", closedHtml);
        Assert.Contains("value=\"录错\"", closedHtml);

        var overdraft = await FormPosts.PostAsync(client, page, page + "?handler=Reverse", new Dictionary<string, string>
        {
            ["Input.Date"] = "2021-04-02", ["Input.Reason"] = "录错", ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(),
        });
        Assert.Contains("余额不足", await overdraft.Content.ReadAsStringAsync());
        Assert.Equal(2, await w.EntryCountAsync());
    }

    [Fact]
    public async Task The_reverse_form_asks_for_confirmation_and_redirects_to_the_new_entry()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var client = await w.SignedInAsync(w.Secretary);
        var page = w.Url($"/ledger/journal/{original.Id}");
        var html = await client.PageAsync(page);
        Assert.Matches("data-confirm=\"[^\"]+\" data-testid=\"reverse-form\"", html); // asked before it posts (wwwroot/js/site.js)
        Assert.Contains($"确定冲销第 {original.Number} 号凭证吗", html);
        Assert.Contains("name=\"Input.IdempotencyKey\"", html);

        var response = await FormPosts.PostAsync(client, page, page + "?handler=Reverse", new Dictionary<string, string>
        {
            ["Input.Date"] = "2021-04-01", ["Input.Reason"] = "重复录入", ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reversalId = await w.DbAsync(db => db.Set<JournalEntry>().Where(e => e.ReversesEntryId == original.Id).Select(e => e.Id).SingleAsync());
        Assert.Equal(w.Url($"/ledger/journal/{reversalId}"), response.Headers.Location!.OriginalString);
        Assert.Contains("已冲销", await client.PageAsync(response.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Only_the_secretariat_reverses()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var original = await w.IncomeAsync(w.General, 250, March);
        var auditor = await w.MemberAsync(TenantRole.Auditor);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Reverse(original.Id), w.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Reverse(original.Id), auditor, w.Tenant));
        var client = await w.SignedInAsync(w.Committee);
        var page = w.Url($"/ledger/journal/{original.Id}");
        var response = await FormPosts.PostAsync(client, page, page + "?handler=Reverse", new Dictionary<string, string>
        {
            ["Input.Date"] = "2021-04-01", ["Input.Reason"] = "x", ["Input.IdempotencyKey"] = InputRules.NewIdempotencyKey(),
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await w.EntryCountAsync());
    }

    [Fact]
    public async Task Another_tenants_entry_or_an_unknown_id_is_not_found()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var theirs = await other.IncomeAsync(other.General, 99, March);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new EntryModel.Query { Id = theirs.Id }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Reverse(theirs.Id), w.Secretary, w.Tenant));
        var client = await w.SignedInAsync(w.Secretary);
        await client.PageAsync(w.Url($"/ledger/journal/{theirs.Id}"), HttpStatusCode.NotFound);
        await client.PageAsync(w.Url("/ledger/journal/999999999"), HttpStatusCode.NotFound);
        await client.PageAsync(w.Url("/ledger/journal/abc"), HttpStatusCode.NotFound);
        Assert.Equal(1, await other.EntryCountAsync());
        Assert.Equal(99m, await other.BalanceAsync(other.General, ChartOfAccounts.Bank));
    }
}
