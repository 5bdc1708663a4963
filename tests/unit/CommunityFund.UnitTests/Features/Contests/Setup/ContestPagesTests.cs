using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;

namespace CommunityFund.UnitTests.Features.Contests.Setup;

/// <summary>The setup pages over HTTP: the form posts what the binder expects, refusals come back on the page.</summary>
public class ContestPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task The_secretariat_creates_a_contest_through_the_form_and_sees_why_it_cannot_open_yet()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, w.Secretary.Email!, SliceFixture.Password);

        Assert.Contains("data-testid=\"contests-empty\"", await client.GetStringAsync($"/{t}/contests"));
        var form = await client.GetStringAsync($"/{t}/contests/new");
        Assert.Contains("value=\"预算合理性\"", form);
        Assert.Contains("Input.Rubric[4].MaxPoints", form);

        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "第一届社区公益提案大赛", ["Input.Categories"] = "助学助困", ["Input.TotalBudget"] = "300000", ["Input.PerProjectCap"] = "30000",
            ["Input.PayingFundId"] = w.General.ToString(), ["Input.CollectOpens"] = "2020-03-01", ["Input.CollectCloses"] = "2020-04-01",
            ["Input.RefineUntil"] = "2020-05-01", ["Input.RoadshowDate"] = "2020-05-10", ["Input.ScoringCloses"] = "2020-05-11", ["Input.NoticeDays"] = "7",
            ["Input.ExpertWeight"] = "80", ["Input.ResidentWeight"] = "20", ["Input.TrimWhenAtLeast"] = "5", ["Input.ResidentVoteLimit"] = "3",
            ["Input.Rubric[0].NameZh"] = "需求性", ["Input.Rubric[0].NameEn"] = "Need", ["Input.Rubric[0].MaxPoints"] = "60",
            ["Input.Rubric[1].NameZh"] = "可行性", ["Input.Rubric[1].NameEn"] = "Feasibility", ["Input.Rubric[1].MaxPoints"] = "30",
        };
        var refused = await HttpLogin.PostFormAsync(client, $"/{t}/contests/new", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("各评分项满分之和须为 100 分", await refused.Content.ReadAsStringAsync());

        fields["Input.Rubric[1].MaxPoints"] = "40";
        var created = await HttpLogin.PostFormAsync(client, $"/{t}/contests/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detailUrl = created.Headers.Location!.OriginalString;
        var detail = await client.GetStringAsync(detailUrl);
        Assert.Contains("第一届社区公益提案大赛", detail);
        Assert.Contains("征集截止日期已过", detail); // the closing date is in the past: the move lists why
        Assert.Contains("暂时不能进入此阶段", detail); // … and is shown disabled, not offered for confirmation
        Assert.DoesNotContain("data-confirm=", detail);

        var move = await HttpLogin.PostFormAsync(client, detailUrl, new Dictionary<string, string> { ["Input.To"] = "Collecting" });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        Assert.Contains("征集截止日期已过", await move.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"stage\"", await client.GetStringAsync($"/{t}/contests"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(detailUrl + "/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{t}/contests/{Guid.NewGuid()}")).StatusCode);
    }
}
