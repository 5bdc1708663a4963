using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Sheets;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Identity;
using static CommunityFund.UnitTests.Features.Contests.Sheets.SheetKit;

namespace CommunityFund.UnitTests.Features.Contests.Sheets;

/// <summary>The judge's scoring sheet through the real pipeline: scores checked against the rubric, submit locks, only a logged unlock reopens (invariant 7).</summary>
public class ScoreSheetTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    public static TheoryData<int, string, string> BadScores() => new()
    {
        { 1, "30", "「可行性」最高 25 分" },
        { 0, "-1", "「需求性」不能低于 0 分" },
        { 2, "12.3", "「预算合理性」只能按 0.5 分打分" },
        { 3, "abc", "「创新性」请填写数字" },
        { 4, "14.25", "「可持续性」只能按 0.5 分打分" },
    };

    [Theory]
    [MemberData(nameof(BadScores))]
    public async Task A_bad_score_is_refused_with_a_message_naming_the_criterion_and_nothing_is_saved(int index, string typed, string message)
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Sheet(proposal, 0, submit: false, "20"), judge, w.Tenant);

        var values = new[] { "20", "20", "15", "10", "10" };
        values[index] = typed;
        foreach (var submit in new[] { false, true })
        {
            var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Sheet(proposal, 1, submit, values), judge, w.Tenant));
            var failure = Assert.Single(ex.Errors);
            Assert.Equal($"Scores[{index}].Value", failure.PropertyName);
            Assert.Contains(message, failure.ErrorMessage);
        }

        var sheet = await SheetOfAsync(w, proposal, judge.Id);
        Assert.Equal(new Dictionary<string, decimal> { ["need"] = 20m }, sheet!.GetScores());
        Assert.Equal((SheetStatus.Draft, 1), (sheet.Status, sheet.Version));
        Assert.Single(await EventsAsync(w, sheet.Id));
    }

    [Fact]
    public async Task A_comment_over_the_limit_is_refused()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        var command = Sheet(proposal, 0, false, "20");
        command.Comment = new string('好', ScoreSheet.CommentMax + 1);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, judge, w.Tenant));
        Assert.Equal("Comment", Assert.Single(ex.Errors).PropertyName);
        Assert.Null(await SheetOfAsync(w, proposal, judge.Id));
    }

    [Fact]
    public async Task In_English_the_message_names_the_criterion_in_English()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        var ex = await UiCulture.InAsync("en", () =>
            Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Sheet(proposal, 0, false, "20", "26"), judge, w.Tenant)));
        Assert.Contains("“Feasibility” is at most 25 points", Assert.Single(ex.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_draft_keeps_what_is_filled_and_submitting_needs_every_criterion_then_locks()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);

        var saved = await f.SendAsync(Sheet(proposal, 0, submit: false, "20", "", "17.5"), judge, w.Tenant);
        Assert.Equal(SheetStatus.Draft, saved.Status);
        var draft = await SheetOfAsync(w, proposal, judge.Id);
        Assert.Equal(new Dictionary<string, decimal> { ["need"] = 20m, ["budget"] = 17.5m }, draft!.GetScores());
        Assert.Equal((SheetStatus.Draft, 1, (DateTimeOffset?)null), (draft.Status, draft.Version, draft.SubmittedAt));

        var incomplete = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Sheet(proposal, 1, submit: true, "20", "", "17.5", "10", "10"), judge, w.Tenant));
        Assert.Contains("「可行性」尚未打分", Assert.Single(incomplete.Errors).ErrorMessage);
        Assert.Equal(SheetStatus.Draft, (await SheetOfAsync(w, proposal, judge.Id))!.Status);

        var submitted = await f.SendAsync(Sheet(proposal, 1, submit: true, "20", "22.5", "17.5", "10", "12"), judge, w.Tenant);
        Assert.Equal(SheetStatus.Submitted, submitted.Status);
        var locked = await SheetOfAsync(w, proposal, judge.Id);
        Assert.Equal(SheetStatus.Submitted, locked!.Status);
        Assert.NotNull(locked.SubmittedAt);
        Assert.Equal(82m, locked.GetScores().Values.Sum());
        Assert.Equal("需求调研扎实，预算略高。", locked.Comment);

        var events = await EventsAsync(w, locked.Id);
        Assert.Equal([SheetEventKind.Saved, SheetEventKind.Submitted], events.Select(e => e.Kind));
        Assert.Equal(37.5m, new ScoreSheet { ScoresJson = events[0].ScoresJson }.GetScores().Values.Sum());
        Assert.Equal(82m, new ScoreSheet { ScoresJson = events[1].ScoresJson }.GetScores().Values.Sum());
        Assert.All(events, e => Assert.Equal(judge.Id, e.ActorId));
    }

    [Fact]
    public async Task After_submission_a_save_or_submit_is_refused_and_the_stored_scores_stay()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Full(proposal, 80m), judge, w.Tenant);
        var before = await SheetOfAsync(w, proposal, judge.Id);

        foreach (var submit in new[] { false, true })
        {
            var ex = await Assert.ThrowsAsync<ValidationException>(() =>
                f.SendAsync(Sheet(proposal, before!.Version, submit, "25", "25", "20", "15", "15"), judge, w.Tenant));
            Assert.Contains("评分表已提交并锁定", Assert.Single(ex.Errors).ErrorMessage);
        }

        var after = await SheetOfAsync(w, proposal, judge.Id);
        Assert.Equal(before!.ScoresJson, after!.ScoresJson);
        Assert.Equal((SheetStatus.Submitted, before.Version, before.SubmittedAt), (after.Status, after.Version, after.SubmittedAt));
        Assert.Equal(80m, after.GetScores().Values.Sum());
        Assert.Single(await EventsAsync(w, after.Id));
    }

    [Fact]
    public async Task A_form_drawn_from_an_older_version_is_refused_as_stale()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Sheet(proposal, 0, false, "20"), judge, w.Tenant);
        await f.SendAsync(Sheet(proposal, 1, false, "21"), judge, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Sheet(proposal, 1, false, "5"), judge, w.Tenant));
        Assert.Contains("刚刚在别处有更新", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(21m, (await SheetOfAsync(w, proposal, judge.Id))!.GetScores()["need"]);
    }

    [Fact]
    public async Task Unlocking_needs_the_secretariat_and_a_reason_is_audited_and_lets_the_judge_edit_again()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Full(proposal, 80m), judge, w.Tenant);
        var sheet = (await SheetOfAsync(w, proposal, judge.Id))!;

        var noReason = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = "  " }, w.Secretary, w.Tenant));
        Assert.Equal("Reason", Assert.Single(noReason.Errors).PropertyName);
        Assert.Contains("请填写解锁原因", noReason.Errors.Single().ErrorMessage);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = "评委误填" }, w.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = "我想改分" }, judge, w.Tenant));
        Assert.Equal(SheetStatus.Submitted, (await SheetOfAsync(w, proposal, judge.Id))!.Status);

        const string reason = "评委现场将“可行性”误填为 5 分，经评审组长确认后解锁";
        await f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = reason }, w.Secretary, w.Tenant);

        var unlocked = (await SheetOfAsync(w, proposal, judge.Id))!;
        Assert.Equal((SheetStatus.Draft, (DateTimeOffset?)null), (unlocked.Status, unlocked.SubmittedAt));
        Assert.Equal(sheet.ScoresJson, unlocked.ScoresJson); // raw scores are not touched by the unlock
        var last = (await EventsAsync(w, sheet.Id)).Last();
        Assert.Equal((SheetEventKind.Unlocked, reason, w.Secretary.Id), (last.Kind, last.Reason, last.ActorId));

        var audit = await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Command.Contains("HistoryModel+Unlock")).OrderBy(e => e.Sequence).ToListAsync());
        var ok = Assert.Single(audit, e => e.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(reason, ok.Target);
        Assert.StartsWith(sheet.Id.ToString(), ok.Target);
        Assert.Equal(w.Secretary.Id, ok.UserId);

        var again = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = reason }, w.Secretary, w.Tenant));
        Assert.Contains("评分表未提交", Assert.Single(again.Errors).ErrorMessage);

        var resubmitted = await f.SendAsync(Sheet(proposal, unlocked.Version, submit: true, "25", "20", "20", "15", "10"), judge, w.Tenant);
        Assert.Equal(SheetStatus.Submitted, resubmitted.Status);
        Assert.Equal(90m, (await SheetOfAsync(w, proposal, judge.Id))!.GetScores().Values.Sum());
    }

    [Fact]
    public async Task A_long_unlock_reason_is_cut_to_the_audit_target_limit()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Full(proposal, 70m), judge, w.Tenant);
        var sheet = (await SheetOfAsync(w, proposal, judge.Id))!;
        var reason = new string('改', 400);
        await f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = reason }, w.Secretary, w.Tenant);

        var target = await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Command.Contains("HistoryModel+Unlock")).Select(e => e.Target).SingleAsync());
        Assert.Equal(200, target!.Length);
        Assert.Equal(reason, (await EventsAsync(w, sheet.Id)).Last().Reason); // the history keeps it whole
    }

    [Fact]
    public async Task The_history_lists_saved_submitted_and_unlocked_in_order_for_staff_and_the_sheets_own_judge_only()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        var other = await w.AddJudgeAsync();
        await f.SendAsync(Sheet(proposal, 0, false, "20", "20"), judge, w.Tenant);
        await f.SendAsync(Sheet(proposal, 1, true, "20", "20", "15", "10", "10"), judge, w.Tenant);
        var sheet = (await SheetOfAsync(w, proposal, judge.Id))!;
        await f.SendAsync(new HistoryModel.Unlock { SheetId = sheet.Id, Reason = "总分录入有误" }, w.Secretary, w.Tenant);
        await f.SendAsync(Sheet(proposal, 3, false, "21", "20", "15", "10", "10"), judge, w.Tenant);

        foreach (var reader in new[] { w.Secretary, w.Committee, w.Auditor, judge })
        {
            var view = await f.SendAsync(new HistoryModel.Query { SheetId = sheet.Id }, reader, w.Tenant);
            Assert.Equal([SheetEventKind.Saved, SheetEventKind.Submitted, SheetEventKind.Unlocked, SheetEventKind.Saved], view.Events.Select(e => e.Kind));
            Assert.Equal([40m, 75m, 75m, 76m], view.Events.Select(e => e.Total));
            Assert.Equal([null, null, "总分录入有误", null], view.Events.Select(e => e.Reason));
        }
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new HistoryModel.Query { SheetId = sheet.Id }, other, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new HistoryModel.Query { SheetId = sheet.Id }, w.OrgMember, w.Tenant));
    }

    [Fact]
    public async Task A_conflicted_judge_can_neither_open_nor_save_the_sheet()
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Sheet(proposal, 0, false, "20"), judge, w.Tenant);
        await ConflictAsync(w, proposal, judge.Id);

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ScoreSheetModel.Query { ProposalId = proposal }, judge, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Sheet(proposal, 1, false, "25"), judge, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Full(proposal, 90m, version: 1), judge, w.Tenant));
        var sheet = (await SheetOfAsync(w, proposal, judge.Id))!;
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new HistoryModel.Query { SheetId = sheet.Id }, judge, w.Tenant));
        Assert.Equal((SheetStatus.Draft, 20m), (sheet.Status, sheet.GetScores()["need"]));
    }

    [Fact]
    public async Task A_judge_not_on_the_panel_is_refused_everywhere()
    {
        var (w, proposal, _) = await RoadshowAsync(f);
        var outsider = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, outsider, TenantRole.Judge);

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ScoreSheetModel.Query { ProposalId = proposal }, outsider, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Full(proposal, 80m), outsider, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ScoreModel.Query { ContestId = w.ContestId }, outsider, w.Tenant));
        // Staff do not fill in sheets either.
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Full(proposal, 80m), w.Secretary, w.Tenant));
        Assert.Equal(0, await w.ReadAsync(db => db.Set<ScoreSheet>().CountAsync()));
    }

    [Theory]
    [InlineData(ContestStage.Refining, "优化")]
    [InlineData(ContestStage.ScoringClosed, "评分")]
    public async Task Saving_outside_the_roadshow_is_refused_and_the_sheet_reads_only(ContestStage stage, string stageWord)
    {
        var (w, proposal, judge) = await RoadshowAsync(f);
        await f.SendAsync(Sheet(proposal, 0, false, "20"), judge, w.Tenant);
        await w.SetStageAsync(stage);

        foreach (var submit in new[] { false, true })
        {
            var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Sheet(proposal, 1, submit, "25", "25", "20", "15", "15"), judge, w.Tenant));
            var message = Assert.Single(ex.Errors).ErrorMessage;
            Assert.Contains("评分仅在路演阶段开放", message);
            Assert.Contains(stageWord, message);
        }
        var view = await f.SendAsync(new ScoreSheetModel.Query { ProposalId = proposal }, judge, w.Tenant);
        Assert.False(view.CanEdit);
        Assert.Equal(20m, (await SheetOfAsync(w, proposal, judge.Id))!.GetScores().Values.Sum());

        var sheetId = (await SheetOfAsync(w, proposal, judge.Id))!.Id;
        var unlock = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new HistoryModel.Unlock { SheetId = sheetId, Reason = "误填" }, w.Secretary, w.Tenant));
        Assert.Contains("只有路演阶段可以解锁", Assert.Single(unlock.Errors).ErrorMessage);
    }

    [Fact]
    public async Task The_judges_list_is_in_running_order_with_their_own_sheet_states_and_conflicts()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var third = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"), runningOrder: 3);
        var first = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管"), w.OtherOrganisation, runningOrder: 1);
        var second = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("楼道微更新"), runningOrder: 2);
        var unscheduled = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("青少年心理沙龙"));
        await w.AddProposalAsync(ProposalStatus.Rejected, ContestWorld.SampleContent("被驳回的提案"));
        var judge = await w.AddJudgeAsync();
        var other = await w.AddJudgeAsync();
        await f.SendAsync(Sheet(first, 0, false, "20"), judge, w.Tenant);
        await f.SendAsync(Full(second, 77m), judge, w.Tenant);
        await f.SendAsync(Full(first, 90m), other, w.Tenant);
        await ConflictAsync(w, third, judge.Id);

        var list = await f.SendAsync(new ScoreModel.Query { ContestId = w.ContestId }, judge, w.Tenant);
        Assert.Equal([first, second, third, unscheduled], list.Rows.Select(r => r.ProposalId));
        Assert.Equal([SheetState.Draft, SheetState.Submitted, SheetState.Conflicted, SheetState.NotStarted], list.Rows.Select(r => r.State));
        Assert.Equal([20m, 77m, null, null], list.Rows.Select(r => r.MyTotal)); // their own totals, never the other judge's 90
        Assert.Equal("大河社区志愿者协会", list.Rows[0].Organisation);
        Assert.Equal(new TimeOnly(9, 15), list.Rows[1].SlotStart);
        Assert.Equal((1, 3), (list.Submitted, list.ToScore));
    }

    [Fact]
    public async Task The_overview_shows_states_but_no_scores_until_scoring_closes_and_is_closed_to_judges()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var p1 = await w.AddProposalAsync(ProposalStatus.Accepted, runningOrder: 1);
        var p2 = await w.AddProposalAsync(ProposalStatus.Accepted, runningOrder: 2);
        var j1 = await w.AddJudgeAsync();
        var j2 = await w.AddJudgeAsync();
        await f.SendAsync(Full(p1, 80m), j1, w.Tenant);
        await f.SendAsync(Sheet(p2, 0, false, "20"), j1, w.Tenant);
        await ConflictAsync(w, p2, j2.Id);

        var view = await f.SendAsync(new OverviewModel.Query { ContestId = w.ContestId }, w.Secretary, w.Tenant);
        Assert.Equal([j1.Id, j2.Id], view.Judges.Select(j => j.Id));
        Assert.Equal([SheetState.Submitted, SheetState.NotStarted], view.Rows[0].Cells.Select(c => c.State));
        Assert.Equal([SheetState.Draft, SheetState.Conflicted], view.Rows[1].Cells.Select(c => c.State));
        Assert.All(view.Rows.SelectMany(r => r.Cells), c => Assert.Null(c.Total));
        Assert.Equal((3, 1, 1), (view.Expected, view.Submitted, view.Drafts));

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new OverviewModel.Query { ContestId = w.ContestId }, j2, w.Tenant));

        await w.SetStageAsync(ContestStage.ScoringClosed);
        var closed = await f.SendAsync(new OverviewModel.Query { ContestId = w.ContestId }, w.Auditor, w.Tenant);
        Assert.Equal(80m, closed.Rows[0].Cells[0].Total);
        Assert.Null(closed.Rows[1].Cells[0].Total); // a draft never shows a score
    }
}
