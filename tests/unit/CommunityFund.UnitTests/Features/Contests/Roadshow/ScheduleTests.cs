using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow.Schedule;
using IndexModel = CommunityFund.Web.Features.Contests.Roadshow.Schedule.IndexModel;
using Contest = CommunityFund.Web.Features.Contests.Setup.Contest;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>Running order and slots: saved whole or not at all, filled automatically, read-only once scoring has begun.</summary>
public class ScheduleTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Task<T> Zh<T>(Func<Task<T>> action) => UiCulture.InAsync("zh-CN", action);

    private static SlotRow Row(Guid id, string order, string start, string minutes) => new() { ProposalId = id, Order = order, Start = start, Minutes = minutes };

    private static IndexModel.SaveSchedule Save(ContestWorld w, params SlotRow[] rows) => new() { ContestId = w.ContestId, Rows = [.. rows] };

    private async Task<(ContestWorld W, Guid A, Guid B, Guid C)> ThreeAcceptedAsync(ContestStage stage = ContestStage.Refining)
    {
        var w = await ContestWorld.CreateAsync(f, stage);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted);
        var c = await w.AddProposalAsync(ProposalStatus.Accepted);
        await w.AddProposalAsync(ProposalStatus.Rejected); // not scheduled, not expected in the form
        return (w, a, b, c);
    }

    private static async Task<List<(int Number, int? Order, string? Start, int? Minutes)>> SlotsAsync(ContestWorld w) =>
        (await w.ReadAsync(db => db.Set<Proposal>().AsNoTracking().Where(p => p.Status == ProposalStatus.Accepted).OrderBy(p => p.Number).ToListAsync()))
        .Select(p => (p.Number, p.RunningOrder, p.SlotStart is { } s ? ScheduleRules.Text(s) : null, p.SlotMinutes)).ToList();

    private static Task<ContestFacts> FactsAsync(ContestWorld w) =>
        w.ReadAsync(async db => await ContestFactsLoader.LoadAsync(db, await db.Set<Contest>().SingleAsync(c => c.Id == w.ContestId), DateTimeOffset.UtcNow, default));

    [Fact]
    public async Task Duplicate_order_numbers_are_refused_and_nothing_is_saved()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync();

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "1", "09:00", "15"), Row(b, "1", "09:20", "15"), Row(c, "3", "09:40", "15")), w.Secretary, w.Tenant)));

        Assert.Equal("出场顺序 1 被第 1 号和第 2 号提案重复使用，每个顺序号只能用一次。未保存任何内容。", Assert.Single(ex.Errors).ErrorMessage);
        Assert.All(await SlotsAsync(w), s => Assert.Null(s.Order));
        Assert.Equal(3, (await FactsAsync(w)).ProposalsWithoutSlot);
    }

    [Fact]
    public async Task Overlapping_slots_are_refused_and_the_saved_schedule_stays_as_it_was()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync();
        await f.SendAsync(Save(w, Row(a, "1", "09:00", "15"), Row(b, "2", "09:20", "15"), Row(c, "3", "09:40", "15")), w.Secretary, w.Tenant);
        var saved = await SlotsAsync(w);

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "1", "09:00", "30"), Row(b, "2", "09:20", "15"), Row(c, "3", "10:00", "15")), w.Secretary, w.Tenant)));

        Assert.Equal("第 1 号提案（09:00–09:30）与第 2 号提案（09:20–09:35）的时段重叠。未保存任何内容。", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(saved, await SlotsAsync(w));
        Assert.Equal([(1, 1, "09:00", 15), (2, 2, "09:20", 15), (3, 3, "09:40", 15)], saved);
    }

    [Fact]
    public async Task Bad_orders_times_and_lengths_are_refused_on_their_own_fields()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync();

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "0", "9点半", "15"), Row(b, "２", "25:00", "3"), Row(c, "3", "23:50", "15")), w.Secretary, w.Tenant)));

        var byField = ex.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);
        Assert.Equal("出场顺序须为 1 到 3 之间的整数。", byField["Rows[0].Order"]);
        Assert.Equal("开始时间须为 24 小时制的“时:分”，如 09:30。", byField["Rows[0].Start"]);
        Assert.Equal("出场顺序须为 1 到 3 之间的整数。", byField["Rows[1].Order"]); // a full-width digit is not a number here
        Assert.Equal("开始时间须为 24 小时制的“时:分”，如 09:30。", byField["Rows[1].Start"]);
        Assert.Equal("时长须为 5 到 120 之间的整数分钟。", byField["Rows[1].Minutes"]);
        Assert.Equal("该时段超过了当天 24:00。", byField["Rows[2].Minutes"]);
        Assert.Contains("未保存任何内容", byField[""]);
        Assert.All(await SlotsAsync(w), s => Assert.Null(s.Order));
    }

    [Fact]
    public async Task Slots_must_follow_the_running_order_and_the_form_must_list_every_accepted_proposal()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync();

        var ex = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "1", "10:00", "15"), Row(b, "2", "09:00", "15"), Row(c, "3", "11:00", "15")), w.Secretary, w.Tenant)));
        Assert.Contains("第 2 号提案排在第 2 位，开始时间 09:00 却早于排在第 1 位的提案（10:00）", Assert.Single(ex.Errors).ErrorMessage);

        var missing = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "1", "09:00", "15"), Row(b, "2", "09:20", "15")), w.Secretary, w.Tenant)));
        Assert.Contains("请刷新页面后重新安排", Assert.Single(missing.Errors).ErrorMessage);
        Assert.All(await SlotsAsync(w), s => Assert.Null(s.Order));
    }

    [Fact]
    public async Task A_valid_schedule_is_saved_and_the_stage_guard_then_finds_every_proposal_slotted()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync();
        Assert.Equal(3, (await FactsAsync(w)).ProposalsWithoutSlot);

        await f.SendAsync(Save(w, Row(c, "1", "09:00", "20"), Row(a, "2", " 9:30 ", "15"), Row(b, "3", "13:30", "120")), w.Secretary, w.Tenant);

        Assert.Equal([(1, 2, "09:30", 15), (2, 3, "13:30", 120), (3, 1, "09:00", 20)], await SlotsAsync(w));
        Assert.Equal(0, (await FactsAsync(w)).ProposalsWithoutSlot);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(
            Save(w, Row(c, "1", "09:00", "20"), Row(a, "2", "09:30", "15"), Row(b, "3", "13:30", "120")), w.Committee, w.Tenant));
    }

    [Fact]
    public async Task Auto_fill_gives_back_to_back_slots_by_proposal_number_when_there_is_no_order()
    {
        var (w, _, _, _) = await ThreeAcceptedAsync();

        await f.SendAsync(new IndexModel.FillSchedule { ContestId = w.ContestId, Start = "09:00", SlotMinutes = "15", BreakMinutes = "5" }, w.Secretary, w.Tenant);

        Assert.Equal([(1, 1, "09:00", 15), (2, 2, "09:20", 15), (3, 3, "09:40", 15)], await SlotsAsync(w));
        Assert.Equal(0, (await FactsAsync(w)).ProposalsWithoutSlot);
    }

    [Fact]
    public async Task Auto_fill_keeps_the_current_order_saved_or_as_sent_from_the_table()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync(ContestStage.Roadshow);
        await f.SendAsync(Save(w, Row(c, "1", "08:00", "10"), Row(a, "2", "08:10", "10"), Row(b, "3", "08:20", "10")), w.Secretary, w.Tenant);

        await f.SendAsync(new IndexModel.FillSchedule { ContestId = w.ContestId, Start = "14:00", SlotMinutes = "20", BreakMinutes = "0" }, w.Secretary, w.Tenant);
        Assert.Equal([(1, 2, "14:20", 20), (2, 3, "14:40", 20), (3, 1, "14:00", 20)], await SlotsAsync(w));

        // The table's order (e.g. after dragging rows) goes with the fill form.
        await f.SendAsync(new IndexModel.FillSchedule
        {
            ContestId = w.ContestId, Start = "09:00", SlotMinutes = "15", BreakMinutes = "5",
            Rows = [Row(a, "3", "", ""), Row(b, "1", "", ""), Row(c, "2", "", "")],
        }, w.Secretary, w.Tenant);
        Assert.Equal([(1, 3, "09:40", 15), (2, 1, "09:00", 15), (3, 2, "09:20", 15)], await SlotsAsync(w));

        var dup = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.FillSchedule
        {
            ContestId = w.ContestId, Start = "10:00", SlotMinutes = "15", BreakMinutes = "5",
            Rows = [Row(a, "1", "", ""), Row(b, "1", "", ""), Row(c, "2", "", "")],
        }, w.Secretary, w.Tenant)));
        Assert.Contains("重复使用", Assert.Single(dup.Errors).ErrorMessage);
        Assert.Equal([(1, 3, "09:40", 15), (2, 1, "09:00", 15), (3, 2, "09:20", 15)], await SlotsAsync(w));
    }

    [Fact]
    public async Task Auto_fill_refuses_bad_settings_and_a_day_that_would_run_past_midnight()
    {
        var (w, _, _, _) = await ThreeAcceptedAsync();

        var bad = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new IndexModel.FillSchedule { ContestId = w.ContestId, Start = "9am", SlotMinutes = "121", BreakMinutes = "-5" }, w.Secretary, w.Tenant)));
        Assert.Equal(["BreakMinutes", "SlotMinutes", "Start"], bad.Errors.Select(e => e.PropertyName).Order());
        var late = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new IndexModel.FillSchedule { ContestId = w.ContestId, Start = "23:20", SlotMinutes = "15", BreakMinutes = "5" }, w.Secretary, w.Tenant)));
        Assert.Contains("超过当天 24:00", Assert.Single(late.Errors).ErrorMessage);
        Assert.All(await SlotsAsync(w), s => Assert.Null(s.Start));
    }

    [Fact]
    public async Task The_schedule_is_read_only_outside_refinement_and_roadshow_and_once_a_sheet_is_submitted()
    {
        var (w, a, b, c) = await ThreeAcceptedAsync(ContestStage.Screening);
        var fill = new IndexModel.FillSchedule { ContestId = w.ContestId, Start = "09:00", SlotMinutes = "15", BreakMinutes = "5" };

        var early = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(fill, w.Secretary, w.Tenant)));
        Assert.Contains("只能在“一对一优化”或“路演”阶段修改", Assert.Single(early.Errors).ErrorMessage);
        Assert.NotNull((await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.Auditor, w.Tenant)).ReadOnlyReason);

        await w.SetStageAsync(ContestStage.Roadshow);
        Assert.Null((await f.SendAsync(new IndexModel.Query { ContestId = w.ContestId }, w.Secretary, w.Tenant)).ReadOnlyReason);
        await f.SendAsync(fill, w.Secretary, w.Tenant);
        var judge = await w.AddJudgeAsync();
        await RoadshowKit.SubmitSheetAsync(w, a, judge.Id, 20, 20, 15, 10, 10);

        var scored = await Zh(() => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            Save(w, Row(a, "3", "10:00", "15"), Row(b, "2", "09:30", "15"), Row(c, "1", "09:00", "15")), w.Secretary, w.Tenant)));
        Assert.Equal("已有评委提交评分表，路演顺序与时段不能再修改。", Assert.Single(scored.Errors).ErrorMessage);
        Assert.Equal([(1, 1, "09:00", 15), (2, 2, "09:20", 15), (3, 3, "09:40", 15)], await SlotsAsync(w));
    }
}
