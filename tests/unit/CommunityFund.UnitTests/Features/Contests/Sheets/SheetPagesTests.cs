using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using static CommunityFund.UnitTests.Features.Contests.Sheets.SheetKit;

namespace CommunityFund.UnitTests.Features.Contests.Sheets;

/// <summary>The scoring pages over HTTP: what a judge's phone posts, what comes back, and who gets a 403.</summary>
public class SheetPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<HttpClient> SignedInAsync(ContestWorld w, string email)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, email, SliceFixture.Password);
        return client;
    }

    private static Dictionary<string, string> Form(string version, string submit, params string[] values)
    {
        var form = new Dictionary<string, string> { ["Input.Version"] = version, ["Input.Submit"] = submit, ["Input.Comment"] = "团队经验丰富" };
        for (var i = 0; i < Criteria.Length; i++)
        {
            form[$"Input.Scores[{i}].CriterionId"] = Criteria[i];
            form[$"Input.Scores[{i}].Value"] = i < values.Length ? values[i] : "";
        }
        return form;
    }

    [Fact]
    public async Task A_judge_fills_in_the_sheet_form_gets_a_bad_score_back_in_Chinese_then_saves_and_submits()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        var t = w.Tenant.Identifier;
        var client = await SignedInAsync(w, judge.Email!);

        var list = await client.GetStringAsync($"/{t}/contests/{w.ContestId}/score");
        Assert.Contains($"href=\"/{t}/proposals/{proposal}/sheet\"", list);
        Assert.Contains("data-state=\"NotStarted\"", list);

        var url = $"/{t}/proposals/{proposal}/sheet";
        var form = await client.GetStringAsync(url);
        Assert.Contains("name=\"Input.Scores[1].Value\"", form);
        Assert.Contains("inputmode=\"decimal\"", form);
        Assert.Contains("step=\"0.5\"", form);
        Assert.Contains("max=\"25\"", form);
        Assert.Contains("可行性", form);
        Assert.Contains($"href=\"/{t}/proposals/{proposal}\"", form);
        Assert.Contains("data-confirm=", form);

        var bad = await HttpLogin.PostFormAsync(client, url, Form("0", "false", "20", "30"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("「可行性」最高 25 分", badHtml);
        Assert.Contains("data-valmsg-for=\"Input.Scores[1].Value\"", badHtml);
        Assert.Contains("value=\"30\"", badHtml); // what the judge typed stays in the field
        Assert.Null(await SheetOfAsync(w, proposal, judge.Id));

        var saved = await HttpLogin.PostFormAsync(client, url, Form("0", "false", "20", "22.5"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var draftPage = await client.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("草稿已保存", draftPage);
        Assert.Contains("value=\"22.5\"", draftPage);

        var submitted = await HttpLogin.PostFormAsync(client, url, Form("1", "true", "20", "22.5", "18", "12", "13.5"));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var back = await client.GetStringAsync(submitted.Headers.Location!.OriginalString);
        Assert.Contains("data-state=\"Submitted\"", back);
        Assert.Contains("我的合计 86", back);

        var lockedPage = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"sheet-locked\"", lockedPage);
        Assert.DoesNotContain("data-testid=\"sheet-form\"", lockedPage);
    }

    [Fact]
    public async Task A_conflicted_judge_gets_403_on_the_sheet_and_sees_the_proposal_as_conflicted()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await ConflictAsync(w, proposal, judge.Id);
        var t = w.Tenant.Identifier;
        var client = await SignedInAsync(w, judge.Email!);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{t}/proposals/{proposal}/sheet")).StatusCode);
        var list = await client.GetStringAsync($"/{t}/contests/{w.ContestId}/score");
        Assert.Contains("已回避", list);
        Assert.DoesNotContain($"/proposals/{proposal}/sheet", list);
    }

    [Fact]
    public async Task Judges_get_403_on_the_overview_results_and_other_judges_history_while_the_secretariat_unlocks_with_a_reason()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        var other = await w.AddJudgeAsync();
        await f.SendAsync(Full(proposal, 88m), other, w.Tenant);
        var sheet = (await SheetOfAsync(w, proposal, other.Id))!;
        var t = w.Tenant.Identifier;

        var judgeClient = await SignedInAsync(w, judge.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await judgeClient.GetAsync($"/{t}/contests/{w.ContestId}/sheets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await judgeClient.GetAsync($"/{t}/contests/{w.ContestId}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await judgeClient.GetAsync($"/{t}/sheets/{sheet.Id}/history")).StatusCode);
        var own = await judgeClient.GetStringAsync($"/{t}/proposals/{proposal}/sheet"); // the judge's own, empty sheet: nothing of the other's 25/25/20/15/3
        Assert.Contains("data-state=\"NotStarted\"", own);
        Assert.DoesNotContain("value=\"25\"", own);

        var secretary = await SignedInAsync(w, w.Secretary.Email!);
        var overview = await secretary.GetStringAsync($"/{t}/contests/{w.ContestId}/sheets");
        Assert.Contains("data-testid=\"sheet-matrix\"", overview);
        Assert.Contains($"/{t}/sheets/{sheet.Id}/history", overview);
        Assert.DoesNotContain("data-testid=\"cell-total\"", overview);

        var history = $"/{t}/sheets/{sheet.Id}/history";
        var refused = await HttpLogin.PostFormAsync(secretary, history, new Dictionary<string, string> { ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写解锁原因", await refused.Content.ReadAsStringAsync());

        var unlocked = await HttpLogin.PostFormAsync(secretary, history, new Dictionary<string, string> { ["Input.Reason"] = "评委要求更正创新性得分" });
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        var page = await secretary.GetStringAsync(history);
        Assert.Contains("评分表已解锁", page);
        Assert.Contains("data-kind=\"Unlocked\"", page);
        Assert.Contains("评委要求更正创新性得分", page);
    }
}
