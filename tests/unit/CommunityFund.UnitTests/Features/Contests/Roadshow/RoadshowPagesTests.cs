using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Identity;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>The roadshow pages over HTTP: forms post what the binder expects, refusals come back on the page in Chinese.</summary>
public class RoadshowPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<HttpClient> SignedInAsync(ContestWorld w, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    /// <summary>Posts to a named handler of a page, with the antiforgery token from the page itself.</summary>
    private static async Task<HttpResponseMessage> PostHandlerAsync(HttpClient client, string page, string handler, IDictionary<string, string> fields)
    {
        var token = await HttpLogin.AntiforgeryTokenAsync(client, page);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task The_printable_schedule_shows_the_slots_and_the_panel_to_any_member_judges_included()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管"), runningOrder: 1);
        await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"), organisation: w.OtherOrganisation, runningOrder: 2);
        await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("楼道微更新"));
        var judge = await w.AddJudgeAsync();
        var url = $"/{w.Tenant.Identifier}/contests/{w.ContestId}/schedule/print";

        var response = await (await SignedInAsync(w, judge)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("2026 年社区公益提案大赛", html);
        Assert.Contains("09:00–09:15", html);
        Assert.Contains("09:15–09:30", html);
        Assert.Contains("困境儿童课后托管", html);
        Assert.Contains("大河社区志愿者协会", html);
        Assert.Contains("石桥铺阳光社工服务中心", html);
        Assert.Contains("另有 1 个已受理提案尚未安排时段", html);
        Assert.Contains("测试用户", html); // the panel's display names
        Assert.Contains("@page { size: A4", html);
        Assert.DoesNotContain("cf-navbar", html);
        Assert.True(html.IndexOf("困境儿童课后托管", StringComparison.Ordinal) < html.IndexOf("社区长者助餐", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync(w, w.OrgMember)).GetAsync(url)).StatusCode);
        var anonymous = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Posting_a_bad_schedule_shows_the_Chinese_message_and_saves_nothing_then_a_good_one_is_saved()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted);
        var client = await SignedInAsync(w, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/contests/{w.ContestId}/schedule";
        var page = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"schedule-form\"", page);
        Assert.Contains("Input.Rows[1].Start", page);

        Dictionary<string, string> Form(string aStart, string aMinutes, string bStart) => new()
        {
            ["Input.Rows[0].ProposalId"] = a.ToString(), ["Input.Rows[0].Order"] = "1", ["Input.Rows[0].Start"] = aStart, ["Input.Rows[0].Minutes"] = aMinutes,
            ["Input.Rows[1].ProposalId"] = b.ToString(), ["Input.Rows[1].Order"] = "2", ["Input.Rows[1].Start"] = bStart, ["Input.Rows[1].Minutes"] = "15",
        };

        var overlap = await HttpLogin.PostFormAsync(client, url, Form("09:00", "30", "09:15"));
        Assert.Equal(HttpStatusCode.OK, overlap.StatusCode);
        Assert.Contains("第 1 号提案（09:00–09:30）与第 2 号提案（09:15–09:30）的时段重叠。未保存任何内容。", await overlap.Content.ReadAsStringAsync());
        var badTime = await HttpLogin.PostFormAsync(client, url, Form("25:00", "15", "09:20"));
        Assert.Equal(HttpStatusCode.OK, badTime.StatusCode);
        var badHtml = await badTime.Content.ReadAsStringAsync();
        Assert.Contains("开始时间须为 24 小时制的“时:分”，如 09:30。", badHtml);
        Assert.Contains("value=\"25:00\"", badHtml); // what was typed comes back
        Assert.Null((await RoadshowKit.ProposalAsync(w, a)).RunningOrder);

        var saved = await HttpLogin.PostFormAsync(client, url, Form("09:00", "15", "09:20"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await RoadshowKit.ProposalAsync(w, b);
        Assert.Equal((2, new TimeOnly(9, 20), 15), (stored.RunningOrder, stored.SlotStart, stored.SlotMinutes));
        Assert.Contains("路演顺序与时段已保存。", await client.GetStringAsync(url));

        var filled = await PostHandlerAsync(client, url, "Fill", new Dictionary<string, string>
        {
            ["Input.Start"] = "14:00", ["Input.SlotMinutes"] = "20", ["Input.BreakMinutes"] = "10",
            ["Input.Rows[0].ProposalId"] = a.ToString(), ["Input.Rows[0].Order"] = "2",
            ["Input.Rows[1].ProposalId"] = b.ToString(), ["Input.Rows[1].Order"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, filled.StatusCode);
        Assert.Equal((2, new TimeOnly(14, 30)), ((await RoadshowKit.ProposalAsync(w, a)).RunningOrder, (await RoadshowKit.ProposalAsync(w, a)).SlotStart));
    }

    [Fact]
    public async Task The_panel_page_asks_for_judges_first_then_adds_one_who_declares_a_conflict_on_their_own_page()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"));
        var secretary = await SignedInAsync(w, w.Secretary);
        var panelUrl = $"/{w.Tenant.Identifier}/contests/{w.ContestId}/judges";

        var empty = await secretary.GetStringAsync(panelUrl);
        Assert.Contains("data-testid=\"panel-empty\"", empty);
        Assert.Contains("请先邀请评委", empty);
        Assert.Contains($"href=\"/{w.Tenant.Identifier}/members/invite\"", empty);

        var judge = await RoadshowKit.JudgeMemberAsync(w);
        var refused = await PostHandlerAsync(secretary, panelUrl, "Add", new Dictionary<string, string> { ["Input.UserId"] = w.OrgMember.Id.ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("没有评委角色", await refused.Content.ReadAsStringAsync());
        var added = await PostHandlerAsync(secretary, panelUrl, "Add", new Dictionary<string, string> { ["Input.UserId"] = judge.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains(judge.Email!, await secretary.GetStringAsync(panelUrl));

        var judgeClient = await SignedInAsync(w, judge);
        var conflictsUrl = $"/{w.Tenant.Identifier}/contests/{w.ContestId}/conflicts";
        Assert.DoesNotContain("data-testid=\"conflicted\"", await judgeClient.GetStringAsync(conflictsUrl));
        var blank = await HttpLogin.PostFormAsync(judgeClient, conflictsUrl, new Dictionary<string, string> { ["Input.ProposalId"] = a.ToString(), ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("请写明回避理由。", await blank.Content.ReadAsStringAsync());
        var declared = await HttpLogin.PostFormAsync(judgeClient, conflictsUrl, new Dictionary<string, string> { ["Input.ProposalId"] = a.ToString(), ["Input.Reason"] = "亲属在该组织任职" });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        var mine = await judgeClient.GetStringAsync(conflictsUrl);
        Assert.Contains("data-testid=\"conflicted\"", mine);
        Assert.Contains("已回避", mine);

        var listed = await secretary.GetStringAsync(panelUrl);
        Assert.Contains("亲属在该组织任职", listed);
        Assert.Contains("评委自行声明", listed);
        Assert.Equal(HttpStatusCode.Forbidden, (await judgeClient.GetAsync(panelUrl)).StatusCode);
    }
}
