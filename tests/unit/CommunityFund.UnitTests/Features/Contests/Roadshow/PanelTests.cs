using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow.Panel;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;
using IndexModel = CommunityFund.Web.Features.Contests.Roadshow.Panel.IndexModel;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>The judge panel: only Judge-role members, each once, changed only before the roadshow, by the secretariat.</summary>
public class PanelTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Task<T> Zh<T>(Func<Task<T>> action) => UiCulture.InAsync("zh-CN", action);

    [Fact]
    public async Task Adding_a_member_without_the_judge_role_is_refused_with_a_message()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);

        foreach (var notJudge in new[] { w.OrgMember, w.Committee, w.Auditor })
        {
            var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
                f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = notJudge.Id }, w.Secretary, w.Tenant)));
            var failure = Assert.Single(ex.Errors);
            Assert.Equal("UserId", failure.PropertyName);
            Assert.Contains("没有评委角色", failure.ErrorMessage);
        }
        var stranger = await f.CreateUserAsync(); // not a member of the tenant at all
        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = stranger.Id }, w.Secretary, w.Tenant));
        var none = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = null }, w.Secretary, w.Tenant)));
        Assert.Equal("请选择一位评委。", Assert.Single(none.Errors).ErrorMessage);
        Assert.Empty(await RoadshowKit.PanelAsync(w));
    }

    [Fact]
    public async Task A_judge_joins_the_panel_once_and_a_second_add_is_refused()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var judge = await RoadshowKit.JudgeMemberAsync(w);

        await f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = judge.Id }, w.Secretary, w.Tenant);
        var row = Assert.Single(await RoadshowKit.PanelAsync(w));
        Assert.Equal(judge.Id, row.JudgeId);
        Assert.Equal(w.Secretary.Id, row.AddedBy);

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = judge.Id }, w.Secretary, w.Tenant)));
        Assert.Equal("该评委已在本大赛评审团中。", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Single(await RoadshowKit.PanelAsync(w));
    }

    [Fact]
    public async Task Judges_are_added_and_removed_only_before_the_roadshow()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var judge = await RoadshowKit.JudgeMemberAsync(w);
        var late = await RoadshowKit.JudgeMemberAsync(w);
        await f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = judge.Id }, w.Secretary, w.Tenant);

        await w.SetStageAsync(ContestStage.Roadshow);
        var remove = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = judge.Id }, w.Secretary, w.Tenant)));
        Assert.Contains("路演开始后不能再移出评委", Assert.Single(remove.Errors).ErrorMessage);
        var add = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = late.Id }, w.Secretary, w.Tenant)));
        Assert.Contains("路演开始后不能再增加评委", Assert.Single(add.Errors).ErrorMessage);
        await w.SetStageAsync(ContestStage.ScoringClosed);
        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = judge.Id }, w.Secretary, w.Tenant));
        Assert.Equal([judge.Id], (await RoadshowKit.PanelAsync(w)).Select(j => j.JudgeId));

        await w.SetStageAsync(ContestStage.Refining);
        await f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = judge.Id }, w.Secretary, w.Tenant);
        Assert.Empty(await RoadshowKit.PanelAsync(w));
        var gone = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = judge.Id }, w.Secretary, w.Tenant)));
        Assert.Equal("该用户不在本大赛评审团中。", Assert.Single(gone.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_judge_whose_submitted_scores_exist_stays_on_the_panel()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var p = await w.AddProposalAsync(ProposalStatus.Accepted);
        var judge = await w.AddJudgeAsync();
        await RoadshowKit.SubmitSheetAsync(w, p, judge.Id, 20, 20, 15, 10, 10);

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = judge.Id }, w.Secretary, w.Tenant)));
        Assert.Contains("已提交评分表", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Single(await RoadshowKit.PanelAsync(w));
    }

    [Fact]
    public async Task Only_the_secretariat_changes_the_panel_and_committee_and_auditors_read_it()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var onPanel = await w.AddJudgeAsync();
        var candidate = await RoadshowKit.JudgeMemberAsync(w);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new IndexModel.AddJudge { ContestId = w.ContestId, UserId = candidate.Id }, w.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new IndexModel.RemoveJudge { ContestId = w.ContestId, JudgeId = onPanel.Id }, w.Auditor, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, onPanel, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new IndexModel.Query { ContestId = Guid.NewGuid() }, w.Committee, w.Tenant));

        var view = await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.Auditor, w.Tenant);
        var listed = Assert.Single(view.Judges);
        Assert.Equal(onPanel.Id, listed.JudgeId);
        Assert.Equal(onPanel.Email, listed.Email);
        Assert.Equal("测试用户", listed.Name);
        Assert.Equal([candidate.Id], view.Candidates.Select(c => c.UserId)); // Judge-role members not yet on the panel
        Assert.True(view.AnyJudgeMembers);
    }
}
