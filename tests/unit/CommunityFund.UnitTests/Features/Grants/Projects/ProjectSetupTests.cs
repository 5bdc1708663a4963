using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using DetailModel = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using NewModel = CommunityFund.Web.Features.Grants.Projects.NewModel;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

/// <summary>Creating projects (from an award, or directly with committee approval) and editing their budget and tranche plan.</summary>
public class ProjectSetupTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task A_project_from_an_award_copies_the_lines_of_the_latest_version_and_the_50_30_20_plan_to_the_cent()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var award = await w.AwardAsync(12_000m);
        var candidates = await f.SendAsync(new FromAwardModel.Query { AwardItemId = award }, w.Secretary, w.Tenant);
        var candidate = Assert.Single(candidates.Candidates);
        Assert.Equal(("困境儿童课后托管", "石桥铺阳光社工服务中心", 12_000m), (candidate.Title, candidate.Organisation, candidate.Amount));
        Assert.NotNull(candidates.Chosen);

        var id = await w.FromAwardAsync(award);
        var p = await w.ProjectRowAsync(id);
        Assert.Equal((ProjectStatus.Approved, 12_000m, w.Fund, FundingMode.Advance, 1, 1), (p.Status, p.ApprovedAmount, p.PayingFundId, p.Mode, p.Number, p.ProposalVersion));
        Assert.Equal((w.Contest.ContestId, w.Contest.Organisation), (p.ContestId!.Value, p.OrganisationId));
        var lines = await w.LinesAsync(id);
        Assert.Equal([("辅导老师劳务费", BudgetKind.Labour, 10_000m, 10_000m), ("学习用品", BudgetKind.Materials, 2_000m, 2_000m)],
            lines.Select(l => (l.Item, l.Kind, l.Proposed!.Value, l.Approved)));
        var plan = await w.TranchesAsync(id);
        Assert.Equal([(1, 50, 6_000m, TrancheCondition.AgreementSigned), (2, 30, 3_600m, TrancheCondition.MidtermAccepted), (3, 20, 2_400m, TrancheCondition.FinalAccepted)],
            plan.Select(x => (x.Sequence, x.Percent, x.Amount, x.Condition)));
        Assert.All(plan, x => Assert.Equal(TrancheStatus.Planned, x.Status));

        // The award now has its project: it is no longer offered, and a second creation is refused.
        Assert.Empty((await f.SendAsync(new FromAwardModel.Query(), w.Secretary, w.Tenant)).Candidates);
        var again = await Books.RefusedAsync(() => w.FromAwardAsync(award));
        Assert.Contains("该提案已经立项", Books.MessageFor(again, ""));
        Assert.Equal(2, (await w.ProjectRowAsync(await w.ProjectAsync(5_000m))).Number);
    }

    [Fact]
    public async Task Awkward_cents_are_split_exactly_and_a_cut_award_must_have_its_budget_adjusted_before_any_tranche()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var id = await w.ProjectAsync(9_999.99m); // cut from 10,000
        var plan = await w.TranchesAsync(id);
        Assert.Equal([5_000.00m, 3_000.00m, 1_999.99m], plan.Select(x => x.Amount));
        Assert.Equal(9_999.99m, plan.Sum(x => x.Amount));

        var view = await f.SendAsync(new DetailModel.Query { ProjectId = id }, w.Secretary, w.Tenant);
        Assert.True(view.OverBudget);
        await w.MoveAsync(id, ProjectAction.SignAgreement);
        var refused = await Books.RefusedAsync(() => w.RequestAsync(id, plan[0].Id));
        Assert.Contains("超过批准金额", Books.MessageFor(refused, ""));

        var lines = await w.LinesAsync(id);
        await f.SendAsync(new BudgetModel.AdjustBudget
        {
            ProjectId = id,
            Lines = [new() { LineId = lines[0].Id, Approved = "7999.99", Reason = "获奖金额削减，压缩劳务费" }, new() { LineId = lines[1].Id, Approved = "2000.00" }],
        }, w.Secretary, w.Tenant);
        Assert.False((await f.SendAsync(new DetailModel.Query { ProjectId = id }, w.Secretary, w.Tenant)).OverBudget);
        Assert.Equal(1, await w.RequestAsync(id, plan[0].Id));
        Assert.Equal(TrancheStatus.Requested, (await w.TranchesAsync(id))[0].Status);
    }

    [Fact]
    public async Task Only_confirmed_awards_with_money_become_projects()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var unfunded = await w.AwardAsync(0m);
        var proposed = await w.AwardAsync(5_000m);
        await w.WriteAsync(async db =>
        {
            var item = await db.Set<AwardItem>().SingleAsync(i => i.Id == proposed);
            (await db.Set<AwardList>().SingleAsync(l => l.Id == item.AwardListId)).Status = AwardListStatus.Proposed;
        });
        Assert.Empty((await f.SendAsync(new FromAwardModel.Query(), w.Secretary, w.Tenant)).Candidates);
        Assert.Contains("未获资助", Books.MessageFor(await Books.RefusedAsync(() => w.FromAwardAsync(unfunded)), ""));
        Assert.Contains("尚未经管委会确认", Books.MessageFor(await Books.RefusedAsync(() => w.FromAwardAsync(proposed)), ""));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new FromAwardModel.Command { AwardItemId = proposed, Mode = "Advance", StartDate = "2026-03-01", EndDate = "2026-12-31" }, w.Contest.OrgMember, w.Tenant));
        Assert.Equal(0, await w.Contest.ReadAsync(db => db.Set<Project>().CountAsync()));
    }

    private static NewModel.Command Direct(ProjectWorld w, string amount = "8000", params (string Item, string Amount)[] lines) => new()
    {
        OrganisationId = w.Contest.Organisation.ToString(), Title = "社区长者助餐", Amount = amount, FundId = w.Fund.ToString(), Mode = "Advance",
        StartDate = "2026-04-01", EndDate = "2026-10-31",
        Lines = (lines.Length == 0 ? [("餐费补贴", "6000"), ("志愿者交通", "2000")] : lines)
            .Select(l => new NewModel.LineInput { Item = l.Item, Kind = "Other", Amount = l.Amount }).Append(new NewModel.LineInput()).ToList(),
    };

    [Fact]
    public async Task A_direct_grant_waits_for_the_committee_and_its_outcome_approves_or_terminates_it()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var over = await Books.RefusedAsync(() => f.SendAsync(Direct(w, "5000"), w.Secretary, w.Tenant));
        Assert.Contains("超过批准金额", Books.MessageFor(over, "Lines"));

        var id = await f.SendAsync(Direct(w), w.Secretary, w.Tenant);
        var p = await w.ProjectRowAsync(id);
        Assert.Equal((ProjectStatus.PendingApproval, 8_000m, (Guid?)null), (p.Status, p.ApprovedAmount, p.ContestId));
        Assert.Equal(2, (await w.LinesAsync(id)).Count);
        Assert.Equal([4_000m, 2_400m, 1_600m], (await w.TranchesAsync(id)).Select(x => x.Amount));
        var request = await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == id));
        Assert.Equal((ApprovalKind.Grant, 8_000m, w.Contest.Organisation, w.Secretary.Id, ApprovalStatus.Pending),
            (request.Kind, request.Amount, request.OrganisationId!.Value, request.PreparedBy, request.Status));
        Assert.Contains("社区长者助餐", request.Summary);

        // Nothing moves before the committee decides: no signing, no tranche request.
        Assert.Contains("只有“已批准”的项目可以签订协议", Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(id, ProjectAction.SignAgreement)), ""));
        var firstTranche = (await w.TranchesAsync(id))[0].Id;
        Assert.Contains("资助尚未经管委会批准", Books.MessageFor(await Books.RefusedAsync(() => w.RequestAsync(id, firstTranche)), ""));

        await w.DecideAsync(id, ApprovalKind.Grant, approve: true);
        Assert.Equal(ProjectStatus.Approved, (await w.ProjectRowAsync(id)).Status);

        var rejected = await f.SendAsync(Direct(w), w.Secretary, w.Tenant);
        await w.DecideAsync(rejected, ApprovalKind.Grant, approve: false, comment: "与大赛资助重复");
        var r = await w.ProjectRowAsync(rejected);
        Assert.Equal(ProjectStatus.Terminated, r.Status);
        Assert.Equal("管委会未批准该资助：与大赛资助重复", r.StatusReason);
        Assert.Equal(2, r.Number - p.Number + 1);
    }

    [Fact]
    public async Task A_direct_grant_needs_a_verified_organisation_and_lines()
    {
        var w = await ProjectWorld.CreateAsync(f);
        await w.WriteAsync(async db => (await db.Set<Organisation>().SingleAsync(o => o.Id == w.Contest.OtherOrganisation)).Status =
            VerificationStatus.Pending);
        var command = Direct(w);
        command.OrganisationId = w.Contest.OtherOrganisation.ToString();
        command.Lines = [new NewModel.LineInput()];
        var refused = await Books.RefusedAsync(() => f.SendAsync(command, w.Secretary, w.Tenant));
        Assert.Contains("只能资助已认证的社会组织", Books.MessageFor(refused, "OrganisationId"));
        Assert.Contains("至少需要一行预算", Books.MessageFor(refused, "Lines"));
        Assert.Equal(0, await w.Contest.ReadAsync(db => db.Set<Project>().CountAsync()));
        Assert.Equal(0, await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().CountAsync()));
    }

    [Fact]
    public async Task Budget_adjustments_need_a_reason_per_changed_line_and_never_exceed_the_approved_amount()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var id = await w.FromAwardAsync(await w.AwardAsync(12_000m));
        var lines = await w.LinesAsync(id);

        var noReason = await Books.RefusedAsync(() => f.SendAsync(new BudgetModel.AdjustBudget
        {
            ProjectId = id, Lines = [new() { LineId = lines[0].Id, Approved = "9000" }, new() { LineId = lines[1].Id, Approved = "2000" }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("调整“辅导老师劳务费”的金额须填写理由", Books.MessageFor(noReason, "Lines[0].Reason"));

        var over = await Books.RefusedAsync(() => f.SendAsync(new BudgetModel.AdjustBudget
        {
            ProjectId = id,
            Lines = [new() { LineId = lines[0].Id, Approved = "10000" }, new() { Item = "场地租赁", Kind = "Venue", Approved = "500", Reason = "活动室改在外租场地" }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("预算合计 ¥12,500.00 超过批准金额 ¥12,000.00", Books.MessageFor(over, ""));

        var noRemoveReason = await Books.RefusedAsync(() => f.SendAsync(new BudgetModel.AdjustBudget
        {
            ProjectId = id, Lines = [new() { LineId = lines[1].Id, Remove = true }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("删除预算行须填写理由", Books.MessageFor(noRemoveReason, "Lines[0].Reason"));
        Assert.Equal(lines.Select(l => l.Approved), (await w.LinesAsync(id)).Select(l => l.Approved));

        await f.SendAsync(new BudgetModel.AdjustBudget
        {
            ProjectId = id,
            Lines =
            [
                new() { LineId = lines[0].Id, Approved = "9500", Reason = "课时减少" },
                new() { LineId = lines[1].Id, Remove = true, Reason = "学习用品由学校提供" },
                new() { Item = "场地租赁", Kind = "Venue", Approved = "2500", Reason = "活动室改在外租场地" },
                new(),
            ],
        }, w.Secretary, w.Tenant);
        var after = await w.LinesAsync(id);
        Assert.Equal([("辅导老师劳务费", 9_500m, "课时减少"), ("场地租赁", 2_500m, "活动室改在外租场地")], after.Select(l => (l.Item, l.Approved, l.AdjustmentReason!)));
        Assert.Null(after[1].Proposed);
    }

    [Fact]
    public async Task The_plan_must_add_up_to_exactly_100_and_only_planned_tranches_change()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (id, first) = await w.ApprovedFirstTrancheAsync(10_000m);

        var ninety = await Books.RefusedAsync(() => f.SendAsync(new PlanModel.EditPlan
        {
            ProjectId = id, Rows = [new() { Percent = "30", Condition = "MidtermAccepted" }, new() { Percent = "10", Condition = "FinalAccepted" }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("各期比例合计须恰好为 100%，现为 90%", Books.MessageFor(ninety, ""));
        var badPercent = await Books.RefusedAsync(() => f.SendAsync(new PlanModel.EditPlan
        {
            ProjectId = id, Rows = [new() { Percent = "25.5", Condition = "MidtermAccepted" }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("比例须为 1–100 的整数", Books.MessageFor(badPercent, "Rows[0].Percent"));

        await f.SendAsync(new PlanModel.EditPlan
        {
            ProjectId = id,
            Rows = [new() { Percent = "20", Condition = "MidtermAccepted" }, new() { Percent = "15", Condition = "None" }, new() { Percent = "15", Condition = "FinalAccepted" }, new()],
        }, w.Secretary, w.Tenant);
        var plan = await w.TranchesAsync(id);
        Assert.Equal([(1, 50, 5_000m, TrancheStatus.Approved), (2, 20, 2_000m, TrancheStatus.Planned), (3, 15, 1_500m, TrancheStatus.Planned), (4, 15, 1_500m, TrancheStatus.Planned)],
            plan.Select(x => (x.Sequence, x.Percent, x.Amount, x.Status)));
        Assert.Equal(first, plan[0].Id);
        Assert.Equal(TrancheCondition.None, plan[2].Condition);

        // The approved tranche cannot be re-planned: its 50% always counts.
        var without = await Books.RefusedAsync(() => f.SendAsync(new PlanModel.EditPlan
        {
            ProjectId = id, Rows = [new() { Percent = "100", Condition = "None" }],
        }, w.Secretary, w.Tenant));
        Assert.Contains("现为 150%", Books.MessageFor(without, ""));
    }

    [Fact]
    public async Task A_rejected_tranche_shows_as_rejected_and_can_be_requested_again()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var id = await w.ProjectAsync();
        await w.MoveAsync(id, ProjectAction.SignAgreement);
        var first = (await w.TranchesAsync(id))[0].Id;
        await w.RequestAsync(id, first);
        Assert.Contains("已在管委会审批中", Books.MessageFor(await Books.RefusedAsync(() => w.RequestAsync(id, first)), ""));
        await w.DecideAsync(first, ApprovalKind.TranchePayment, approve: false, comment: "请先补充协议附件");
        Assert.Equal(TrancheStatus.Rejected, (await w.TranchesAsync(id))[0].Status);
        Assert.Contains("尚未经管委会批准", Books.MessageFor(await Books.RefusedAsync(() => w.PayAsync(id, first)), ""));

        await w.RequestAsync(id, first);
        await w.DecideAsync(first, ApprovalKind.TranchePayment, approve: true);
        Assert.Equal(TrancheStatus.Approved, (await w.TranchesAsync(id))[0].Status);
        Assert.Equal(2, await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().CountAsync(r => r.SubjectId == first && r.Kind == ApprovalKind.TranchePayment)));
    }
}
