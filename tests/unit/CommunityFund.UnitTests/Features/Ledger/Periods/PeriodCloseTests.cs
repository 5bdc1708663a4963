using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Periods;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Periods;

/// <summary>期末结账: the committee closes through a month end; entries dated inside closed periods are refused.</summary>
public class PeriodCloseTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static IndexModel.Close Close(string date) => new() { ThroughDate = date };

    private static Task<int> ClosesAsync(LedgerWorld w) => w.DbAsync(db => db.Set<PeriodClose>().CountAsync());

    [Fact]
    public async Task The_committee_closes_a_month_and_entries_dated_on_or_before_it_are_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 100, new DateOnly(2021, 3, 15));
        await f.SendAsync(Close("2021-03-31"), w.Committee, w.Tenant);

        var history = await f.SendAsync(new IndexModel.Query(), w.Secretary, w.Tenant);
        var row = Assert.Single(history.History);
        Assert.Equal(new DateOnly(2021, 3, 31), row.ThroughDate);
        Assert.Equal("测试用户", row.ClosedBy);
        Assert.Equal(new DateOnly(2021, 3, 31), history.Latest);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => w.IncomeAsync(w.General, 5, new DateOnly(2021, 3, 31)));
        Assert.Contains("已结账", Assert.Single(refused.Errors).ErrorMessage);
        await w.IncomeAsync(w.General, 5, new DateOnly(2021, 4, 1));

        await f.SendAsync(Close("2021-05-31"), w.Committee, w.Tenant);
        Assert.Equal([new DateOnly(2021, 5, 31), new DateOnly(2021, 3, 31)], (await f.SendAsync(new IndexModel.Query(), w.Committee, w.Tenant)).History.Select(h => h.ThroughDate));
        await Assert.ThrowsAsync<ValidationException>(() => w.IncomeAsync(w.General, 5, new DateOnly(2021, 4, 30)));
    }

    public static TheoryData<string, string> BadCloses()
    {
        var today = TimeProvider.System.Today();
        var thisMonthEnd = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));
        return new()
        {
            { "2021-03-30", "结账日必须是月末，例如 2021-03-31" },
            { "2021-02-01", "结账日必须是月末，例如 2021-02-28" },
            { "2021-02-29", "请填写有效日期" },
            { "", "请填写有效日期" },
            { "March", "请填写有效日期" },
            { "2021-01-31", "结账日必须晚于上次结账日" },
            { "2021-03-31", "结账日必须晚于上次结账日" },
            { thisMonthEnd.ToString("yyyy-MM-dd"), "这个月还没有结束" },
            { "2999-12-31", "这个月还没有结束" },
        };
    }

    [Theory]
    [MemberData(nameof(BadCloses))]
    public async Task A_bad_close_is_refused_with_a_clear_message_and_saves_nothing(string date, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Close("2021-03-31"), w.Committee, w.Tenant);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Close(date), w.Committee, w.Tenant));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("ThroughDate", error.PropertyName);
        Assert.Contains(message, error.ErrorMessage);
        Assert.Equal(1, await ClosesAsync(w));
    }

    [Fact]
    public async Task Only_the_committee_closes_the_books()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var auditor = await w.MemberAsync(TenantRole.Auditor);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Close("2021-03-31"), w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Close("2021-03-31"), auditor, w.Tenant));
        Assert.Equal(0, await ClosesAsync(w));

        var secretary = await w.SignedInAsync(w.Secretary);
        var html = await secretary.PageAsync(w.Url("/ledger/periods"));
        Assert.DoesNotContain("close-form", html);
        Assert.Contains("只有管委会委员可以结账", html);
        var committee = await w.SignedInAsync(w.Committee);
        var committeeHtml = await committee.PageAsync(w.Url("/ledger/periods"));
        Assert.Contains("close-form", committeeHtml);
        Assert.Contains("还没有结账记录", committeeHtml);
        Assert.Matches("data-confirm=\"[^\"]+\" data-testid=\"close-form\"", committeeHtml); // asked before it posts (wwwroot/js/site.js)

        var forbidden = await FormPosts.PostAsync(secretary, w.Url("/ledger/periods"), w.Url("/ledger/periods"), new Dictionary<string, string> { ["Input.ThroughDate"] = "2021-03-31" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, await ClosesAsync(w));
    }

    [Fact]
    public async Task The_close_form_shows_its_messages_and_then_the_history()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await w.SignedInAsync(w.Committee);
        var page = w.Url("/ledger/periods");

        var bad = await FormPosts.PostAsync(client, page, page, new Dictionary<string, string> { ["Input.ThroughDate"] = "2021-06-15" });
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("结账日必须是月末，例如 2021-06-30", badHtml);
        Assert.Contains("value=\"2021-06-15\"", badHtml);
        Assert.Equal(0, await ClosesAsync(w));

        var english = await FormPosts.PostAsync(client, page, page + "?culture=en", new Dictionary<string, string> { ["Input.ThroughDate"] = "2021-06-15" });
        Assert.Contains("The close date must be a month end, for example 2021-06-30.", await english.Content.ReadAsStringAsync());

        var good = await FormPosts.PostAsync(client, page, page, new Dictionary<string, string> { ["Input.ThroughDate"] = "2021-06-30" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var html = await client.PageAsync(page);
        Assert.Contains("已结账至 2021-06-30", html);
        Assert.Contains("<td class=\"text-nowrap\">2021-06-30</td>", html);
        Assert.Contains("value=\"2021-07-31\"", html); // the next month end is suggested
    }

    [Fact]
    public async Task Two_members_closing_the_same_month_at_once_close_it_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var second = await w.MemberAsync(TenantRole.Committee);
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try { await f.SendAsync(Close("2021-08-31"), i % 2 == 0 ? w.Committee : second, w.Tenant); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(ok => ok));
        Assert.Equal(1, await ClosesAsync(w));
    }

    [Fact]
    public void The_suggested_close_is_the_month_after_the_last_one()
    {
        Assert.Equal(new DateOnly(2021, 4, 30), IndexModel.SuggestedClose(new DateOnly(2021, 3, 31), new DateOnly(2026, 1, 5)));
        Assert.Equal(new DateOnly(2024, 2, 29), IndexModel.SuggestedClose(new DateOnly(2024, 1, 31), new DateOnly(2026, 1, 5)));
        Assert.Equal(new DateOnly(2025, 12, 31), IndexModel.SuggestedClose(null, new DateOnly(2026, 1, 5)));
    }
}
