using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Mediation;
using DetailModel = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using IndexModel = CommunityFund.Web.Features.Grants.Projects.IndexModel;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

/// <summary>The project status machine, who may see a project, and the pages over HTTP.</summary>
public class ProjectLifecycleTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    /// <summary>The legal steps, written out independently of the code's table.</summary>
    private static readonly HashSet<(ProjectStatus From, ProjectAction Action)> Legal =
    [
        (ProjectStatus.Approved, ProjectAction.SignAgreement),
        (ProjectStatus.AgreementSigned, ProjectAction.Start),
        (ProjectStatus.InProgress, ProjectAction.EnterFinalReport),
        (ProjectStatus.FinalReport, ProjectAction.Close),
        (ProjectStatus.Approved, ProjectAction.Suspend), (ProjectStatus.AgreementSigned, ProjectAction.Suspend),
        (ProjectStatus.InProgress, ProjectAction.Suspend), (ProjectStatus.FinalReport, ProjectAction.Suspend),
        (ProjectStatus.Suspended, ProjectAction.Resume),
        (ProjectStatus.PendingApproval, ProjectAction.Terminate), (ProjectStatus.Approved, ProjectAction.Terminate),
        (ProjectStatus.AgreementSigned, ProjectAction.Terminate), (ProjectStatus.InProgress, ProjectAction.Terminate),
        (ProjectStatus.FinalReport, ProjectAction.Terminate), (ProjectStatus.Suspended, ProjectAction.Terminate),
    ];

    private static readonly Dictionary<ProjectAction, (ProjectStatus To, string Refusal)> Expected = new()
    {
        [ProjectAction.SignAgreement] = (ProjectStatus.AgreementSigned, "只有“已批准”的项目可以签订协议"),
        [ProjectAction.Start] = (ProjectStatus.InProgress, "只有“已签协议”的项目可以开始实施"),
        [ProjectAction.EnterFinalReport] = (ProjectStatus.FinalReport, "只有“进行中”的项目可以进入结项报告阶段"),
        [ProjectAction.Close] = (ProjectStatus.Closed, "只有“结项报告”阶段的项目可以结项"),
        [ProjectAction.Suspend] = (ProjectStatus.Suspended, "只有已批准、尚未结项且未暂停或终止的项目可以暂停"),
        [ProjectAction.Resume] = (ProjectStatus.InProgress, "只有“已暂停”的项目可以恢复"),
        [ProjectAction.Terminate] = (ProjectStatus.Terminated, "已结项或已终止的项目不能终止"),
    };

    [Fact]
    public async Task Every_step_from_every_status_is_allowed_or_refused_with_its_message()
    {
        var w = await ProjectWorld.CreateAsync(f, money: 0);
        var id = await w.ProjectAsync();
        await w.ReadyToCloseAsync(id);
        foreach (var from in Enum.GetValues<ProjectStatus>())
        {
            foreach (var action in Enum.GetValues<ProjectAction>())
            {
                await w.WriteAsync(async db =>
                {
                    var p = await db.Set<Project>().SingleAsync(x => x.Id == id);
                    p.Status = from;
                    p.StatusBeforeSuspension = from == ProjectStatus.Suspended ? ProjectStatus.InProgress : null;
                    p.StatusReason = null;
                });
                if (Legal.Contains((from, action)))
                {
                    Assert.Equal(Expected[action].To, await w.MoveAsync(id, action, "理由"));
                    Assert.Equal(Expected[action].To, (await w.ProjectRowAsync(id)).Status);
                }
                else
                {
                    var refused = await Books.RefusedAsync(() => w.MoveAsync(id, action, "理由"));
                    Assert.True(Books.MessageFor(refused, "") == Expected[action].Refusal, $"{from} → {action}: {Books.MessageFor(refused, "")}");
                    Assert.Equal(from, (await w.ProjectRowAsync(id)).Status);
                }
            }
        }
    }

    [Fact]
    public async Task Suspend_needs_a_reason_and_resume_returns_to_where_the_project_was()
    {
        var w = await ProjectWorld.CreateAsync(f, money: 0);
        var id = await w.ProjectAsync();
        await w.MoveAsync(id, ProjectAction.SignAgreement);
        await w.MoveAsync(id, ProjectAction.Start);
        var noReason = await Books.RefusedAsync(() => w.MoveAsync(id, ProjectAction.Suspend, "  "));
        Assert.Contains("须填写理由", Books.MessageFor(noReason, "Reason"));

        await w.MoveAsync(id, ProjectAction.Suspend, "机构负责人变更");
        var suspended = await w.ProjectRowAsync(id);
        Assert.Equal((ProjectStatus.Suspended, ProjectStatus.InProgress, "机构负责人变更"), (suspended.Status, suspended.StatusBeforeSuspension!.Value, suspended.StatusReason!));
        Assert.Equal(ProjectStatus.InProgress, await w.MoveAsync(id, ProjectAction.Resume));
        var resumed = await w.ProjectRowAsync(id);
        Assert.Equal((ProjectStatus.InProgress, (ProjectStatus?)null, (string?)null), (resumed.Status, resumed.StatusBeforeSuspension, resumed.StatusReason));
    }

    [Fact]
    public async Task A_project_cannot_close_over_an_unpaid_requested_or_approved_tranche_and_termination_withdraws_its_requests()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (id, first) = await w.ApprovedFirstTrancheAsync();
        await w.MoveAsync(id, ProjectAction.Start);
        await w.MoveAsync(id, ProjectAction.EnterFinalReport);
        Assert.Contains("尚未拨付的款项，项目不能结项", Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(id, ProjectAction.Close)), ""));
        await w.PayAsync(id, first);
        // Paid now, but the advance is not yet accounted for and the final report not accepted.
        var closing = Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(id, ProjectAction.Close)), "");
        Assert.Contains("结项报告尚未审核通过", closing);
        await w.ReadyToCloseAsync(id);
        Assert.Equal(ProjectStatus.Closed, await w.MoveAsync(id, ProjectAction.Close));

        var other = await w.ProjectAsync();
        await w.MoveAsync(other, ProjectAction.SignAgreement);
        var tranche = (await w.TranchesAsync(other))[0].Id;
        await w.RequestAsync(other, tranche);
        await w.MoveAsync(other, ProjectAction.Terminate, "机构注销");
        Assert.Equal(TrancheStatus.Planned, (await w.TranchesAsync(other))[0].Status);
        Assert.Equal(ApprovalStatus.Withdrawn, await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().Where(r => r.SubjectId == tranche).Select(r => r.Status).SingleAsync()));
        Assert.Equal("机构注销", (await w.ProjectRowAsync(other)).StatusReason);
    }

    [Fact]
    public async Task Organisation_members_see_only_their_own_projects_and_another_tenants_project_does_not_exist()
    {
        var w = await ProjectWorld.CreateAsync(f, money: 0);
        var own = await w.ProjectAsync();
        var others = await w.FromAwardAsync(await w.AwardAsync(5_000m, w.Contest.OtherOrganisation));

        var list = await f.SendAsync(new IndexModel.Query(), w.Contest.OrgMember, w.Tenant);
        Assert.Equal([own], list.Rows.Select(r => r.Id));
        Assert.Equal(2, (await f.SendAsync(new IndexModel.Query(), w.Contest.Auditor, w.Tenant)).Rows.Count);
        Assert.Equal([others], (await f.SendAsync(new IndexModel.Query { Status = ProjectStatus.Approved }, w.Contest.OtherOrgMember, w.Tenant)).Rows.Select(r => r.Id));
        Assert.Empty((await f.SendAsync(new IndexModel.Query { Status = ProjectStatus.Closed }, w.Secretary, w.Tenant)).Rows);

        Assert.Equal(own, (await f.SendAsync(new DetailModel.Query { ProjectId = own }, w.Contest.OrgMember, w.Tenant)).Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new DetailModel.Query { ProjectId = others }, w.Contest.OrgMember, w.Tenant));
        await w.MoveAsync(own, ProjectAction.SignAgreement);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new DetailModel.Transition { ProjectId = own, Action = ProjectAction.Start }, w.Contest.OrgMember, w.Tenant));

        var elsewhere = await ProjectWorld.CreateAsync(f, money: 0);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { ProjectId = own }, elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => elsewhere.MoveAsync(own, ProjectAction.Suspend, "越权"));
        var tranche = (await w.TranchesAsync(own))[0].Id;
        await Assert.ThrowsAsync<NotFoundException>(() => elsewhere.PayAsync(own, tranche));
        Assert.Equal(ProjectStatus.AgreementSigned, (await w.ProjectRowAsync(own)).Status);
    }

    [Fact]
    public async Task The_pages_list_and_show_projects_refuse_a_bad_plan_in_Chinese_and_guard_other_organisations_and_tenants()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var id = await w.ProjectAsync();
        var others = await w.FromAwardAsync(await w.AwardAsync(5_000m, w.Contest.OtherOrganisation));
        var t = w.Tenant.Identifier;
        var client = await Books.SignedInAsync(f, w.Ledger, w.Secretary);

        var list = await client.GetStringAsync($"/{t}/projects");
        Assert.Contains("data-testid=\"projects\"", list);
        Assert.Contains("困境儿童课后托管", list);
        Assert.Contains("data-testid=\"projects-empty\"", await client.GetStringAsync($"/{t}/projects?status=Closed"));
        Assert.Contains("data-testid=\"awards-empty\"", await client.GetStringAsync($"/{t}/projects/new-from-award"));
        var award = await w.AwardAsync(3_000m);
        Assert.Contains("data-testid=\"award-candidates\"", await client.GetStringAsync($"/{t}/projects/new-from-award"));
        Assert.Contains("data-testid=\"from-award-form\"", await client.GetStringAsync($"/{t}/projects/new-from-award?item={award}"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/{t}/projects/new")).StatusCode);

        var detail = await client.GetStringAsync($"/{t}/projects/{id}");
        Assert.Contains("data-testid=\"project-header\"", detail);
        Assert.Contains("¥5,000.00", detail);
        Assert.Contains("data-testid=\"action-SignAgreement\"", detail);
        Assert.Contains("data-confirm=", detail);

        // A refused step comes back on the page in Chinese.
        var refused = await HttpLogin.PostFormAsync(client, $"/{t}/projects/{id}", new Dictionary<string, string> { ["Input.Action"] = "Close" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("只有“结项报告”阶段的项目可以结项", await refused.Content.ReadAsStringAsync());
        var plan = await HttpLogin.PostFormAsync(client, $"/{t}/projects/{id}/plan", new Dictionary<string, string>
        {
            ["Input.Rows[0].Percent"] = "60", ["Input.Rows[0].Condition"] = "AgreementSigned",
            ["Input.Rows[1].Percent"] = "30", ["Input.Rows[1].Condition"] = "FinalAccepted",
        });
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Contains("各期比例合计须恰好为 100%，现为 90%", await plan.Content.ReadAsStringAsync());
        var request = await HttpLogin.PostFormAsync(client, $"/{t}/projects/{id}?handler=Request&trancheId={(await w.TranchesAsync(id))[0].Id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.Contains("拨付条件未满足：项目尚未签订协议", await request.Content.ReadAsStringAsync());

        var signed = await HttpLogin.PostFormAsync(client, $"/{t}/projects/{id}", new Dictionary<string, string> { ["Input.Action"] = "SignAgreement" });
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Contains("项目状态已改为“已签协议”", await client.GetStringAsync(signed.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/{t}/projects/{id}/budget")).StatusCode);

        // Request, approval (standing in for the committee), then the payment form: a missing bank reference is refused, then it pays.
        var first = (await w.TranchesAsync(id))[0].Id;
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(client, $"/{t}/projects/{id}?handler=Request&trancheId={first}", new Dictionary<string, string>())).StatusCode);
        await w.DecideAsync(first, ApprovalKind.TranchePayment, approve: true);
        var payUrl = $"/{t}/projects/{id}/tranches/{first}/pay";
        var payPage = await client.GetStringAsync(payUrl);
        Assert.Contains("data-testid=\"pay-form\"", payPage);
        var key = System.Text.RegularExpressions.Regex.Match(payPage, "name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var fields = new Dictionary<string, string> { ["Input.IdempotencyKey"] = key, ["Input.PaidOn"] = "2026-03-02", ["Input.BankReference"] = "" };
        var noReference = await HttpLogin.PostFormAsync(client, payUrl, fields);
        Assert.Equal(HttpStatusCode.OK, noReference.StatusCode);
        Assert.Contains("请填写银行流水号", await noReference.Content.ReadAsStringAsync());
        fields["Input.BankReference"] = "CCB-0001";
        var paid = await HttpLogin.PostFormAsync(client, payUrl, fields);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains("第 1 笔款项已拨付", await client.GetStringAsync(paid.Headers.Location!.OriginalString));
        Assert.Equal(95_000m, await w.BankAsync());

        var member = await Books.SignedInAsync(f, w.Ledger, w.Contest.OrgMember);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/{t}/projects/{id}")).StatusCode);
        Assert.DoesNotContain("data-testid=\"status-actions\"", await member.GetStringAsync($"/{t}/projects/{id}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/{t}/projects/{others}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/{t}/projects/{id}/plan")).StatusCode);

        var elsewhere = await ProjectWorld.CreateAsync(f, money: 0);
        var outsider = await Books.SignedInAsync(f, elsewhere.Ledger, elsewhere.Secretary);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/{elsewhere.Tenant.Identifier}/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/{elsewhere.Tenant.Identifier}/projects/{id}/tranches/{(await w.TranchesAsync(id))[0].Id}/pay")).StatusCode);
    }
}
