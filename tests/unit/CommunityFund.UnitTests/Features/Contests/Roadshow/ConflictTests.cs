using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using IndexModel = CommunityFund.Web.Features.Contests.Roadshow.Conflicts.IndexModel;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;
using PanelPage = CommunityFund.Web.Features.Contests.Roadshow.Panel.IndexModel;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>Conflicts of interest (利益冲突回避): who may record them, when, once, and what they then forbid and exclude.</summary>
public class ConflictTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Task<T> Zh<T>(Func<Task<T>> action) => UiCulture.InAsync("zh-CN", action);

    private static IndexModel.DeclareConflict Declare(ContestWorld w, Guid proposal, string reason = "亲属在该组织任职") =>
        new() { ContestId = w.ContestId, ProposalId = proposal, Reason = reason };

    [Fact]
    public async Task A_declared_conflict_forbids_the_judge_that_proposal_but_not_another()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted);
        var judge = await w.AddJudgeAsync();
        Assert.Equal(ProposalViewer.Judge, (await RoadshowKit.OpenAsync(w, judge, a)).Viewer); // open before the declaration

        await f.SendAsync(Declare(w, a, "  本人曾为该组织撰写项目书  "), judge, w.Tenant);

        var stored = Assert.Single(await RoadshowKit.ConflictsAsync(w));
        Assert.Equal((judge.Id, a, ConflictSource.DeclaredByJudge, judge.Id), (stored.JudgeId, stored.ProposalId, stored.Source, stored.RecordedBy));
        Assert.Equal("本人曾为该组织撰写项目书", stored.Reason);
        await Assert.ThrowsAsync<ForbiddenException>(() => RoadshowKit.OpenAsync(w, judge, a));
        var other = await RoadshowKit.OpenAsync(w, judge, b);
        Assert.Equal((b, ProposalViewer.Judge), (other.Proposal.Id, other.Viewer));
        Assert.Equal(ProposalViewer.Staff, (await RoadshowKit.OpenAsync(w, w.Secretary, a)).Viewer); // nobody else is affected

        var page = await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, judge, w.Tenant);
        Assert.Equal([true, false], page.Rows.Select(r => r.Conflicted));
        Assert.Equal(1, page.Conflicted);
    }

    [Fact]
    public async Task A_second_conflict_for_the_same_judge_and_proposal_is_refused_whoever_records_it()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var judge = await w.AddJudgeAsync();
        await f.SendAsync(Declare(w, a), judge, w.Tenant);

        var again = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, a, "再次声明"), judge, w.Tenant)));
        Assert.Contains("无需重复登记", Assert.Single(again.Errors).ErrorMessage);
        Assert.Contains("评委自行声明", again.Errors.Single().ErrorMessage);
        var bySecretariat = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new PanelPage.RecordConflict { ContestId = w.ContestId, JudgeId = judge.Id, ProposalId = a, Reason = "举报" }, w.Secretary, w.Tenant)));
        Assert.Contains("无需重复登记", Assert.Single(bySecretariat.Errors).ErrorMessage);
        Assert.Single(await RoadshowKit.ConflictsAsync(w));
    }

    [Fact]
    public async Task A_judge_not_on_the_panel_cannot_declare_and_the_secretariat_cannot_record_for_them()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var outsider = await RoadshowKit.JudgeMemberAsync(w);

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, a), outsider, w.Tenant)));
        Assert.Equal("您不在本大赛的评审团中，无需也不能声明回避。", Assert.Single(ex.Errors).ErrorMessage);
        var recorded = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new PanelPage.RecordConflict { ContestId = w.ContestId, JudgeId = outsider.Id, ProposalId = a, Reason = "亲属" }, w.Secretary, w.Tenant)));
        Assert.Equal("JudgeId", Assert.Single(recorded.Errors).PropertyName);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Declare(w, a), w.OrgMember, w.Tenant)); // not a judge at all
        Assert.Empty(await RoadshowKit.ConflictsAsync(w));
        Assert.False((await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, outsider, w.Tenant)).OnPanel);
    }

    [Fact]
    public async Task Conflicts_are_recorded_only_for_accepted_proposals_of_the_contest_from_screening_through_the_roadshow()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Collecting);
        var accepted = await w.AddProposalAsync(ProposalStatus.Accepted);
        var submitted = await w.AddProposalAsync(ProposalStatus.Submitted);
        var judge = await w.AddJudgeAsync();

        var early = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, accepted), judge, w.Tenant)));
        Assert.Contains("只有在初审至路演阶段才能登记回避", Assert.Single(early.Errors).ErrorMessage);
        await w.SetStageAsync(ContestStage.Screening);
        var notAccepted = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, submitted), judge, w.Tenant)));
        Assert.Equal(("ProposalId", "只能对本大赛已受理的提案登记回避。"), (notAccepted.Errors.Single().PropertyName, notAccepted.Errors.Single().ErrorMessage));
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, Guid.NewGuid()), judge, w.Tenant));
        await f.SendAsync(Declare(w, accepted), judge, w.Tenant); // screening is open
        var second = await w.AddProposalAsync(ProposalStatus.Accepted);
        await w.SetStageAsync(ContestStage.ScoringClosed);
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, second), judge, w.Tenant));
        Assert.Single(await RoadshowKit.ConflictsAsync(w));
    }

    [Fact]
    public async Task The_reason_is_required_and_limited_in_length()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var judge = await w.AddJudgeAsync();

        var blank = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Declare(w, a, "   "), judge, w.Tenant)));
        Assert.Equal(("Reason", "请写明回避理由。"), (blank.Errors.Single().PropertyName, blank.Errors.Single().ErrorMessage));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(Declare(w, a, new string('亲', ConflictDeclaration.ReasonMax + 1)), judge, w.Tenant));
        Assert.Equal("Reason", tooLong.Errors.Single().PropertyName);
        var noProposal = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new IndexModel.DeclareConflict { ContestId = w.ContestId, Reason = "亲属" }, judge, w.Tenant));
        Assert.Equal("ProposalId", noProposal.Errors.Single().PropertyName);
        Assert.Empty(await RoadshowKit.ConflictsAsync(w));

        await f.SendAsync(Declare(w, a, new string('亲', ConflictDeclaration.ReasonMax)), judge, w.Tenant);
        Assert.Single(await RoadshowKit.ConflictsAsync(w));
    }

    [Fact]
    public async Task The_secretariat_records_a_conflict_that_the_judge_sees_as_declared_and_the_panel_page_lists()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"));
        var judge = await w.AddJudgeAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(
            new PanelPage.RecordConflict { ContestId = w.ContestId, JudgeId = judge.Id, ProposalId = a, Reason = "亲属" }, w.Committee, w.Tenant));
        await f.SendAsync(new PanelPage.RecordConflict { ContestId = w.ContestId, JudgeId = judge.Id, ProposalId = a, Reason = "配偶任该组织理事" }, w.Secretary, w.Tenant);

        var stored = Assert.Single(await RoadshowKit.ConflictsAsync(w));
        Assert.Equal((ConflictSource.RecordedBySecretariat, w.Secretary.Id), (stored.Source, stored.RecordedBy));
        var mine = Assert.Single((await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, judge, w.Tenant)).Rows);
        Assert.True(mine.Conflicted);
        Assert.Equal(ConflictSource.RecordedBySecretariat, mine.Source);
        var listed = Assert.Single((await f.SendAsync(new PanelPage.Query { ContestId = w.ContestId }, w.Committee, w.Tenant)).Conflicts);
        Assert.Equal(("社区长者助餐", "配偶任该组织理事", ConflictSource.RecordedBySecretariat), (listed.ProposalTitle, listed.Reason, listed.Source));
    }

    [Fact]
    public async Task A_conflicted_judges_earlier_submitted_sheet_no_longer_counts_in_the_results()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var j1 = await w.AddJudgeAsync();
        var j2 = await w.AddJudgeAsync();
        var j3 = await w.AddJudgeAsync();
        await RoadshowKit.SubmitSheetAsync(w, a, j1.Id, 20, 20, 16, 12, 12); // 80
        await RoadshowKit.SubmitSheetAsync(w, a, j2.Id, 18, 18, 14, 10, 10); // 70
        await RoadshowKit.SubmitSheetAsync(w, a, j3.Id, 10, 10, 8, 6, 6);    // 40

        var before = Assert.Single((await w.ReadAsync(db => ContestResultsLoader.LoadAsync(db, w.ContestId, default))).Results.Ranking);
        Assert.Equal(63.33m, before.ExpertScore); // (80 + 70 + 40) / 3, fewer than 5 judges: plain mean
        Assert.Empty(before.ExcludedConflictedJudges);

        await f.SendAsync(Declare(w, a, "评分后发现亲属在该组织任职"), j3, w.Tenant);

        var after = Assert.Single((await w.ReadAsync(db => ContestResultsLoader.LoadAsync(db, w.ContestId, default))).Results.Ranking);
        Assert.Equal([j3.Id], after.ExcludedConflictedJudges);
        Assert.Equal(75.00m, after.ExpertScore); // (80 + 70) / 2
        Assert.Equal(60.00m, after.FinalScore);  // 75 × 80 % + no resident votes
        Assert.DoesNotContain(after.Judges, j => j.JudgeId == j3.Id);
        Assert.Equal(2, after.Judges.Count);
    }
}
