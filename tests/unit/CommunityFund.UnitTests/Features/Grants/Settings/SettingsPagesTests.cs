using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Grants.ApprovalTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Grants.SettingsTests;

/// <summary>The settings and holidays pages over HTTP.</summary>
public class SettingsPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<HttpClient> SignedInAsync(ApprovalWorld a, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, a.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    private static Dictionary<string, string> Form(ApprovalWorld a, params (string UpTo, string Approvals, bool Chair)[] tiers)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Version"] = "0", ["Input.ChairId"] = a.Chair.Id.ToString(), ["Input.ScreeningDays"] = "5", ["Input.ClaimReviewDays"] = "5",
            ["Input.ApprovalDays"] = "3", ["Input.PaymentDays"] = "3", ["Input.ReportReviewDays"] = "10",
        };
        for (var i = 0; i < tiers.Length; i++)
        {
            form[$"Input.Tiers[{i}].UpTo"] = tiers[i].UpTo;
            form[$"Input.Tiers[{i}].Approvals"] = tiers[i].Approvals;
            if (tiers[i].Chair) form[$"Input.Tiers[{i}].ChairRequired"] = "true";
        }
        return form;
    }

    [Fact]
    public async Task The_secretariat_edits_the_tiers_and_a_mistake_comes_back_in_chinese()
    {
        var a = await ApprovalWorld.CreateAsync(f, withChair: false);
        var t = a.Tenant.Identifier;
        var url = $"/{t}/grants/settings";
        var secretary = await SignedInAsync(a, a.Secretary);

        var page = await secretary.GetStringAsync(url);
        Assert.Contains("data-testid=\"defaults-note\"", page);
        Assert.Contains("value=\"5000.00\"", page);
        Assert.Contains("data-testid=\"chair-missing\"", page);
        Assert.Contains("data-testid=\"save\"", page);

        var bad = await HttpLogin.PostFormAsync(secretary, url, Form(a, ("50000", "1", false), ("5000", "2", false), ("", "2", true)));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("各档金额上限须从小到大排列", html);
        Assert.Contains("value=\"50000\"", html); // what was typed stays
        var separator = await HttpLogin.PostFormAsync(secretary, url, Form(a, ("5,000", "1", false), ("", "2", true)));
        Assert.Contains("金额中不要输入千位分隔符", await separator.Content.ReadAsStringAsync());
        var days = Form(a, ("5000", "1", false), ("", "2", true));
        days["Input.PaymentDays"] = "61";
        Assert.Contains("拨付时限须为 1 至 60 个工作日", await (await HttpLogin.PostFormAsync(secretary, url, days)).Content.ReadAsStringAsync());
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<GrantSettings>().CountAsync()));

        var saved = await HttpLogin.PostFormAsync(secretary, url, Form(a, ("8000", "1", false), ("", "2", true)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await secretary.GetStringAsync(url);
        Assert.Contains("设置已保存", after);
        Assert.DoesNotContain("data-testid=\"defaults-note\"", after);
        Assert.Contains("value=\"8000.00\"", after);
        Assert.Equal(2, (await a.LoadAsync(await a.RequestAsync(8_000.01m))).RequiredApprovals);
    }

    [Fact]
    public async Task The_committee_reads_without_a_save_button_and_cannot_post()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var url = $"/{t}/grants/settings";
        var committee = await SignedInAsync(a, a.Committee);
        var page = await committee.GetStringAsync(url);
        Assert.Contains("<fieldset disabled=\"disabled\">", page);
        Assert.DoesNotContain("data-testid=\"save\"", page);
        var post = await HttpLogin.PostFormAsync(committee, url, Form(a, ("", "1", false)));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);

        var orgMember = await SignedInAsync(a, a.World.OrgMember);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgMember.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Holidays_are_added_and_removed_from_the_settings_page_and_a_duplicate_is_explained()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var secretary = await SignedInAsync(a, a.Secretary);
        var settings = $"/{t}/grants/settings";
        var year = DateTime.UtcNow.Year + 1;
        var holiday = new Dictionary<string, string> { ["Input.Date"] = $"{year}-10-01", ["Input.Name"] = "国庆节" };

        var added = await HttpLogin.PostFormAsync(secretary, $"/{t}/grants/settings/holidays", holiday);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.EndsWith("#holidays", added.Headers.Location!.OriginalString);
        var page = await secretary.GetStringAsync(settings);
        Assert.Contains($"{year}-10-01", page);
        Assert.Contains("data-confirm=", page);

        var duplicate = await HttpLogin.PostFormAsync(secretary, $"/{t}/grants/settings/holidays", holiday);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains($"{year}-10-01 已登记为节假日", await duplicate.Content.ReadAsStringAsync());

        var id = await a.World.ReadAsync(db => db.Set<Holiday>().Select(h => h.Id).SingleAsync());
        var removed = await HttpLogin.PostFormAsync(secretary, $"/{t}/grants/settings/holidays?handler=Remove&holidayId={id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<Holiday>().CountAsync()));
    }
}
