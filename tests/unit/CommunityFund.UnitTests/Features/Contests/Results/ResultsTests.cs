using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Results;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Contests.Voting;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using static CommunityFund.UnitTests.Features.Contests.Sheets.SheetKit;
using IndexModel = CommunityFund.Web.Features.Contests.Results.IndexModel;

namespace CommunityFund.UnitTests.Features.Contests.Results;

/// <summary>
/// The results page against a ranking worked out by hand. Three proposals, five judges (so the highest and lowest
/// total are dropped), weights 80/20, and a sixth judge whose sheet for B must not count because of a conflict.
/// <code>
///            J1  J2  J3  J4  J5 | trimmed mean        | votes → resident | final = .8·expert + .2·resident
///   A (1)    80  85  90  70  95 | (80+85+90)/3 = 85   | 10 → 50          | 68 + 10 = 78
///   B (2)    88  92  90  60  91 | (88+90+91)/3 ≈ 89.67| 2 → 10           | 71.73 + 2 = 73.73   (J6's 20 excluded)
///   C (3)    75  78  80  82 100 | (78+80+82)/3 = 80   | 20 → 100         | 64 + 20 = 84
/// </code>
/// Ranking: C, A, B, although B has the best expert score. J4 sits more than 2σ from the others on A (70 vs 87.5 ± 6.5)
/// and on B (60 vs 90.25 ± 1.7), so J4 is flagged; J5 only on C.
/// </summary>
public class ResultsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private sealed record Scored(ContestWorld World, Guid A, Guid B, Guid C, AppUser[] Judges, AppUser Conflicted);

    private async Task<Scored> ScoredContestAsync()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管"), runningOrder: 1);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐", 300m, 60), w.OtherOrganisation, runningOrder: 2);
        var c = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("楼道微更新", 100m, 30), runningOrder: 3);
        var judges = new AppUser[5];
        for (var i = 0; i < 5; i++) judges[i] = await w.AddJudgeAsync();
        decimal[][] totals = [[80, 85, 90, 70, 95], [88, 92, 90, 60, 91], [75, 78, 80, 82, 100]];
        Guid[] proposals = [a, b, c];
        for (var p = 0; p < 3; p++)
            for (var j = 0; j < 5; j++)
                await f.SendAsync(Full(proposals[p], totals[p][j]), judges[j], w.Tenant);
        // J6 scored B before the conflict came to light: the sheet stays, but never counts (invariant 7).
        var conflicted = await w.AddJudgeAsync();
        await f.SendAsync(Full(b, 20m), conflicted, w.Tenant);
        await ConflictAsync(w, b, conflicted.Id);

        await w.ReadAsync(async db =>
        {
            for (var i = 0; i < 20; i++)
            {
                var ballot = new ResidentBallot { ContestId = w.ContestId, ResidentId = Guid.NewGuid(), CastAt = DateTimeOffset.UtcNow };
                db.Add(ballot);
                db.Add(new ResidentVote { BallotId = ballot.Id, ContestId = w.ContestId, ProposalId = c });
                if (i < 10) db.Add(new ResidentVote { BallotId = ballot.Id, ContestId = w.ContestId, ProposalId = a });
                if (i < 2) db.Add(new ResidentVote { BallotId = ballot.Id, ContestId = w.ContestId, ProposalId = b });
            }
            return await db.SaveChangesAsync();
        });
        return new Scored(w, a, b, c, judges, conflicted);
    }

    private async Task<HttpClient> SignedInAsync(ContestWorld w, string email)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, email, SliceFixture.Password);
        return client;
    }

    [Fact]
    public async Task Before_scoring_closes_the_results_page_says_so_and_shows_no_ranking()
    {
        var s = await ScoredContestAsync();
        var w = s.World;
        var view = await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.Committee, w.Tenant);
        Assert.False(view.Ready);
        Assert.Empty(view.Rows);

        var client = await SignedInAsync(w, w.Secretary.Email!);
        var page = await client.GetAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/results");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"results-not-yet\"", html);
        Assert.Contains("评分尚未截止", html);
        Assert.DoesNotContain("data-testid=\"ranking\"", html);

        var csv = await client.GetAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/results?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/html", csv.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task After_scoring_closes_the_ranking_is_the_one_worked_out_by_hand()
    {
        var s = await ScoredContestAsync();
        var w = s.World;
        await w.SetStageAsync(ContestStage.ScoringClosed);

        var view = await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.Auditor, w.Tenant);
        Assert.True(view.Ready);
        Assert.Equal([s.C, s.A, s.B], view.Rows.Select(r => r.ProposalId));
        Assert.Equal([1, 2, 3], view.Rows.Select(r => r.Rank));
        Assert.Equal([80.00m, 85.00m, 89.67m], view.Rows.Select(r => r.ExpertScore!.Value));
        Assert.Equal([20, 10, 2], view.Rows.Select(r => r.Votes));
        Assert.Equal([100m, 50m, 10m], view.Rows.Select(r => r.ResidentScore));
        Assert.Equal([84.00m, 78.00m, 73.73m], view.Rows.Select(r => r.FinalScore));
        Assert.Equal("大河社区志愿者协会", view.Rows[2].Organisation);

        var a = view.Rows[1];
        Assert.Equal(5, a.Judges.Count);
        Assert.Equal([95m, 70m], a.Judges.Where(j => !j.Counted).Select(j => j.Total).OrderDescending());
        Assert.Equal(-5m, a.Judges.Single(j => j.JudgeId == s.Judges[0].Id).Deviation); // 80 − 85
        Assert.Equal(25m, a.Judges.Single(j => j.JudgeId == s.Judges[0].Id).Scores["need"]);
        Assert.True(a.Judges.Single(j => j.JudgeId == s.Judges[3].Id).OutsidePanel);

        var b = view.Rows[2];
        Assert.Equal(5, b.Judges.Count);
        Assert.DoesNotContain(b.Judges, j => j.JudgeId == s.Conflicted.Id);
        Assert.Single(b.ExcludedJudges);

        Assert.Equal([s.Judges[3].Id], view.Judges.Where(j => j.Flagged).Select(j => j.JudgeId));
        Assert.Equal(2, view.Judges.Single(j => j.JudgeId == s.Judges[3].Id).ProposalsOutsidePanel);
        Assert.Equal(1, view.Judges.Single(j => j.JudgeId == s.Judges[4].Id).ProposalsOutsidePanel);

        var client = await SignedInAsync(w, w.Secretary.Email!);
        var html = await client.GetStringAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/results");
        var order = Regex.Matches(html, "data-testid=\"rank-row\" data-number=\"(\\d+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(["3", "1", "2"], order);
        Assert.Contains("89.67", html);
        Assert.Contains("73.73", html);
        Assert.Contains("去掉最高/最低分", html);
        Assert.Contains("偏离 &gt; 2σ", html);
        Assert.Contains("评分异常", html);
        Assert.Contains("回避本提案、不计分的评委", html);
        Assert.Contains("-5.00", html);
        Assert.Contains("&#x2B;10.00", html); // J5's 95 on A, sign shown (the encoder writes + as &#x2B;)
    }

    [Fact]
    public async Task The_ranking_downloads_as_csv_with_a_byte_order_mark()
    {
        var s = await ScoredContestAsync();
        var w = s.World;
        await w.SetStageAsync(ContestStage.PublicNotice);
        var client = await SignedInAsync(w, w.Committee.Email!);

        var response = await client.GetAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/results?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("名次,编号,提案,申报组织,专家分,居民票数,居民分,最终得分,申请金额", lines[0]);
        Assert.StartsWith("1,3,楼道微更新,石桥铺阳光社工服务中心,80.00,20,100.00,84.00,", lines[1]);
        Assert.StartsWith("2,1,困境儿童课后托管,", lines[2]);
        Assert.StartsWith("3,2,社区长者助餐,大河社区志愿者协会,89.67,2,10.00,73.73,", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task A_judge_cannot_open_the_results_even_after_scoring_closes()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.ScoringClosed);
        var judge = await w.AddJudgeAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, judge, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.OrgMember, w.Tenant));
        var client = await SignedInAsync(w, judge.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/results")).StatusCode);
    }
}
