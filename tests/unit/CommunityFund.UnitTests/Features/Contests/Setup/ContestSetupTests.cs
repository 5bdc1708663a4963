using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Contests.Setup;

public class ContestSetupTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static NewModel.Command NewContest(Guid fund, int closesInDays = 30) => new()
    {
        Title = "2026 年石桥铺社区公益提案大赛",
        Description = "面向辖区社会组织征集公益提案。",
        Categories = ["养老服务", "社区治理"],
        TotalBudget = "500000",
        PerProjectCap = "50000.00",
        PayingFundId = fund,
        CollectOpens = Day(closesInDays - 20),
        CollectCloses = Day(closesInDays),
        RefineUntil = Day(closesInDays + 20),
        RoadshowDate = Day(closesInDays + 25),
        ScoringCloses = Day(closesInDays + 26),
        NoticeDays = 7,
    };

    private Task<Contest> LoadAsync(TenantInfo tenant, Guid id) =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == id));

    private Task<int> ContestsAsync(TenantInfo tenant) =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Contest>().CountAsync());

    [Fact]
    public async Task Creating_a_contest_with_the_default_rubric_saves_a_draft()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(NewContest(w.General), w.Secretary, w.Tenant);

        var c = await LoadAsync(w.Tenant, id);
        Assert.Equal(ContestStage.Draft, c.Stage);
        Assert.Equal("养老服务,社区治理", c.Categories);
        Assert.Equal((500_000m, 50_000m, w.General), (c.TotalBudget, c.PerProjectCap, c.PayingFundId));
        Assert.Equal((80, 20, 5, 3, 7), (c.ExpertWeight, c.ResidentWeight, c.TrimWhenAtLeast, c.ResidentVoteLimit, c.NoticeDays));
        var rubric = c.GetRubric();
        Assert.Equal(["需求性", "可行性", "预算合理性", "创新性", "可持续性"], rubric.Criteria.Select(r => r.NameZh));
        Assert.Equal([25m, 25m, 20m, 15m, 15m], rubric.Criteria.Select(r => r.MaxPoints));
        Assert.Empty(rubric.Validate());
        Assert.Equal(w.Secretary.Id, c.CreatedBy);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "rubric", "Rubric", "各评分项满分之和须为 100 分" },
        { "weights", "ExpertWeight", "专家权重与居民权重之和须为 100" },
        { "cap", "PerProjectCap", "单个项目资助上限不能高于总预算" },
        { "fund", "PayingFundId", "基金不存在" },
        { "notice", "NoticeDays", "公示期应为 1–30 天" },
        { "trim", "TrimWhenAtLeast", "门槛至少为 3" },
        { "dates", "CollectCloses", "日期顺序不对" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_setup_is_refused_with_its_message_and_nothing_is_saved(string mistake, string property, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = NewContest(w.General);
        switch (mistake)
        {
            case "rubric": command.Rubric[0].MaxPoints = 30; break;
            case "weights": (command.ExpertWeight, command.ResidentWeight) = (70, 20); break;
            case "cap": (command.TotalBudget, command.PerProjectCap) = ("50000", "60000"); break;
            case "fund": command.PayingFundId = Guid.NewGuid(); break;
            case "notice": command.NoticeDays = 0; break;
            case "trim": command.TrimWhenAtLeast = 2; break;
            case "dates": command.CollectCloses = Day(-100); break;
        }

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, w.Secretary, w.Tenant));
        Assert.Contains(message, Assert.Single(ex.Errors, e => e.PropertyName == property).ErrorMessage);
        Assert.Equal(0, await ContestsAsync(w.Tenant));
    }

    [Fact]
    public async Task Another_tenants_fund_cannot_pay_for_a_contest()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(NewContest(other.General), w.Secretary, w.Tenant));
        Assert.Contains("基金不存在", Assert.Single(ex.Errors, e => e.PropertyName == "PayingFundId").ErrorMessage);
        Assert.Equal(0, await ContestsAsync(w.Tenant));
    }

    [Fact]
    public async Task Only_the_secretariat_sets_up_a_contest()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(NewContest(w.General), w.Committee, w.Tenant));
        Assert.Equal(0, await ContestsAsync(w.Tenant));
    }

    [Fact]
    public async Task A_draft_can_be_edited_and_its_version_moves_on()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(NewContest(w.General), w.Secretary, w.Tenant);
        var form = await f.SendAsync(new EditModel.Query { ContestId = id }, w.Secretary, w.Tenant);
        form.Title = "改过的名称";
        form.PayingFundId = w.Restricted;
        await f.SendAsync(form, w.Secretary, w.Tenant);

        var c = await LoadAsync(w.Tenant, id);
        Assert.Equal(("改过的名称", w.Restricted, 1), (c.Title, c.PayingFundId, c.Version));
        var stale = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(form, w.Secretary, w.Tenant));
        Assert.Contains("他人刚修改过", Assert.Single(stale.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Moving_a_valid_draft_to_collecting_is_allowed_and_editing_is_then_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(NewContest(w.General), w.Secretary, w.Tenant);
        var view = await f.SendAsync(new DetailModel.Query { ContestId = id }, w.Secretary, w.Tenant);
        Assert.Empty(Assert.Single(view.Moves, m => m.To == ContestStage.Collecting).Refusals);

        var stage = await f.SendAsync(new DetailModel.MoveStage { ContestId = id, To = ContestStage.Collecting }, w.Secretary, w.Tenant);
        Assert.Equal(ContestStage.Collecting, stage);
        Assert.Equal(ContestStage.Collecting, (await LoadAsync(w.Tenant, id)).Stage);

        var form = await f.SendAsync(new EditModel.Query { ContestId = id }, w.Secretary, w.Tenant);
        form.Title = "太晚了";
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(form, w.Secretary, w.Tenant));
        Assert.Contains("只能在草稿阶段修改", Assert.Single(ex.Errors).ErrorMessage);
        Assert.NotEqual("太晚了", (await LoadAsync(w.Tenant, id)).Title);
    }

    [Fact]
    public async Task Opening_collection_is_refused_when_the_closing_date_has_passed()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(NewContest(w.General, closesInDays: -40), w.Secretary, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new DetailModel.MoveStage { ContestId = id, To = ContestStage.Collecting }, w.Secretary, w.Tenant));
        Assert.Contains("征集截止日期已过", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(ContestStage.Draft, (await LoadAsync(w.Tenant, id)).Stage);
    }

    [Fact]
    public async Task Skipping_a_stage_is_refused_with_its_message()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var id = await f.SendAsync(NewContest(w.General), w.Secretary, w.Tenant);
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new DetailModel.MoveStage { ContestId = id, To = ContestStage.Roadshow }, w.Secretary, w.Tenant));
        Assert.Contains("不能跳过中间阶段", Assert.Single(ex.Errors).ErrorMessage);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new DetailModel.MoveStage { ContestId = id, To = ContestStage.Collecting }, w.Committee, w.Tenant));
    }

    [Fact]
    public async Task Another_tenants_contest_is_not_found()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var theirs = await f.SendAsync(NewContest(other.General), other.Secretary, other.Tenant);

        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { ContestId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new EditModel.Query { ContestId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new DetailModel.MoveStage { ContestId = theirs, To = ContestStage.Collecting }, w.Secretary, w.Tenant));
        var edit = NewContest(w.General);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new EditModel.Command
        {
            ContestId = theirs, Title = edit.Title, Categories = edit.Categories, TotalBudget = edit.TotalBudget, PerProjectCap = edit.PerProjectCap,
            PayingFundId = w.General, CollectOpens = edit.CollectOpens, CollectCloses = edit.CollectCloses, RefineUntil = edit.RefineUntil,
            RoadshowDate = edit.RoadshowDate, ScoringCloses = edit.ScoringCloses,
        }, w.Secretary, w.Tenant));
        Assert.Equal(ContestStage.Draft, (await LoadAsync(other.Tenant, theirs)).Stage);
    }
}
