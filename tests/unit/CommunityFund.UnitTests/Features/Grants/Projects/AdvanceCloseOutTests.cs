using System.Net;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using Decide = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel.Decide;
using DetailModel = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using FormPosts = CommunityFund.UnitTests.Features.Ledger.Accounts.FormPosts;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

/// <summary>
/// Closing a project with an unspent advance (DESIGN §5): the return is recorded (Dr bank / Cr advances) or the
/// committee approves a write-off (Dr grant expense / Cr advances) under the tenant's thresholds; then it closes.
/// </summary>
public class AdvanceCloseOutTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private const string Returned = "2026-10-15";

    /// <summary>An advance-mode project of <paramref name="amount"/> whose first tranche (50%) is paid, in its final-report stage with the final report accepted.</summary>
    private static async Task<Guid> FinalReportAsync(ProjectWorld w, decimal amount = 10_000m)
    {
        var (project, first) = await w.ApprovedFirstTrancheAsync(amount);
        await w.PayAsync(project, first);
        await w.MoveAsync(project, ProjectAction.Start);
        await w.MoveAsync(project, ProjectAction.EnterFinalReport);
        await w.WriteAsync(db =>
        {
            db.Add(new ProjectReport
            {
                ProjectId = project, Kind = ReportKind.Final, Status = ReportStatus.Accepted, Outputs = "完成全部活动",
                SubmittedBy = w.Secretary.Id, SubmittedAt = DateTimeOffset.UtcNow, ReviewedBy = w.Secretary.Id, ReviewedAt = DateTimeOffset.UtcNow,
            });
            return Task.CompletedTask;
        });
        return project;
    }

    private static ReturnAdvance Return(Guid project, string amount, string date = Returned, string reference = "ICBC-RET-0001", string? key = null) => new()
    {
        IdempotencyKey = key ?? InputRules.NewIdempotencyKey(), ProjectId = project, Amount = amount, ReturnedOn = date, BankReference = reference,
    };

    private static RequestAdvanceWriteOff WriteOff(Guid project, string reason = "组织已注销，无法追回") => new() { ProjectId = project, Reason = reason };

    private static Decide Approve(Guid request) => new() { RequestId = request, Approve = true, Comment = "同意核销" };

    private Task<DetailModel.View> ViewAsync(ProjectWorld w, Guid project) => f.SendAsync(new DetailModel.Query { ProjectId = project }, w.Secretary, w.Tenant);

    private static Task<decimal> AdvancesAsync(ProjectWorld w) => w.Ledger.BalanceAsync(w.Fund, ChartOfAccounts.Advances);

    private static Task<List<JournalEntry>> CloseOutEntriesAsync(ProjectWorld w, Guid project) =>
        w.Contest.ReadAsync(db => db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines)
            .Where(e => e.SourceType == AdvanceCloseOut.SourceType && e.SourceId == project).OrderBy(e => e.Number).ToListAsync());

    private static Task<ApprovalRequest> WriteOffRequestAsync(ProjectWorld w, Guid project) =>
        w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().AsNoTracking().SingleAsync(r => r.Kind == ApprovalKind.AdvanceWriteOff && r.SubjectId == project));

    private static async Task AssertBooksBalancedAsync(ProjectWorld w)
    {
        foreach (var entry in await Books.EntriesAsync(w.Ledger)) Books.AssertBalanced(entry);
        await Books.AssertMaintainedBalancesMatchJournalAsync(w.Ledger);
    }

    [Fact]
    public async Task Recording_the_returned_advance_posts_bank_against_advances_and_then_the_project_closes()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var bank = await w.BankAsync();
        Assert.Equal(5_000m, (await ViewAsync(w, project)).OutstandingAdvance);
        Assert.Equal(5_000m, await AdvancesAsync(w));
        Assert.Contains("未核销的预付资金", Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(project, ProjectAction.Close)), ""));

        var first = await f.SendAsync(Return(project, "2000.00"), w.Secretary, w.Tenant);
        Assert.Equal((2_000m, 3_000m), (first.Amount, first.Outstanding));
        var entry = Assert.Single(await CloseOutEntriesAsync(w, project));
        Assert.Equal((first.EntryId, EntryKind.Disbursement, new DateOnly(2026, 10, 15)), (entry.Id, entry.Kind, entry.Date));
        Assert.Contains("ICBC-RET-0001", entry.Description);
        Assert.Equal(2_000m, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Bank, w.Fund)).Debit);
        Assert.Equal(2_000m, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Advances, w.Fund)).Credit);
        Assert.Equal(2, entry.Lines.Count);
        Assert.Equal(bank + 2_000m, await w.BankAsync());
        Assert.Equal(3_000m, await AdvancesAsync(w));
        var view = await ViewAsync(w, project);
        Assert.Equal(3_000m, view.OutstandingAdvance);
        Assert.Equal((EntryKind.Disbursement, 2_000m), (view.CloseOuts.Single().Kind, view.CloseOuts.Single().Amount));
        Assert.Contains("未核销的预付资金", Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(project, ProjectAction.Close)), ""));

        await f.SendAsync(Return(project, "3000"), w.Secretary, w.Tenant);
        Assert.Equal(0m, (await ViewAsync(w, project)).OutstandingAdvance);
        Assert.Equal(0m, await AdvancesAsync(w));
        var nothing = await Books.RefusedAsync(() => f.SendAsync(Return(project, "0.01"), w.Secretary, w.Tenant));
        Assert.Contains("没有尚未核销的预付款", Books.MessageFor(nothing, ""));
        Assert.Equal(ProjectStatus.Closed, await w.MoveAsync(project, ProjectAction.Close));
        Assert.Equal(bank + 5_000m, await w.BankAsync());
        await AssertBooksBalancedAsync(w);
    }

    [Fact]
    public async Task The_same_key_records_a_return_once()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var command = Return(project, "1000.00");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => f.SendAsync(command, w.Secretary, w.Tenant))));
        Assert.Single(results.Select(r => r.EntryId).Distinct());
        Assert.Single(await CloseOutEntriesAsync(w, project));
        Assert.Equal(4_000m, (await ViewAsync(w, project)).OutstandingAdvance);
    }

    [Theory]
    [InlineData("5000.01", "超过尚未核销的预付款 ¥5,000.00")]
    [InlineData("0", "金额必须大于零")]
    [InlineData("-100", "金额必须大于零")]
    [InlineData("abc", "金额必须是数字")]
    [InlineData("1,000.00", "不要输入千位分隔符")]
    [InlineData("100.001", "最多保留两位小数")]
    [InlineData("", "请填写金额")]
    public async Task A_return_above_the_outstanding_advance_or_a_bad_amount_is_refused_and_posts_nothing(string amount, string message)
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var entries = await w.EntriesAsync();
        var ex = await Books.RefusedAsync(() => f.SendAsync(Return(project, amount), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(ex, nameof(ReturnAdvance.Amount)));
        Assert.Equal(entries, await w.EntriesAsync());
        Assert.Equal(5_000m, await AdvancesAsync(w));
    }

    [Fact]
    public async Task A_return_is_refused_for_a_bad_date_or_reference_for_anyone_but_the_secretariat_in_another_tenant_and_outside_the_final_report_stage()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var entries = await w.EntriesAsync();

        var future = await Books.RefusedAsync(() => f.SendAsync(Return(project, "100", date: "2099-01-01"), w.Secretary, w.Tenant));
        Assert.Contains("不能晚于今天", Books.MessageFor(future, nameof(ReturnAdvance.ReturnedOn)));
        var badDate = await Books.RefusedAsync(() => f.SendAsync(Return(project, "100", date: "2026/10/15"), w.Secretary, w.Tenant));
        Assert.NotEmpty(Books.MessageFor(badDate, nameof(ReturnAdvance.ReturnedOn)));
        var noReference = await Books.RefusedAsync(() => f.SendAsync(Return(project, "100", reference: " "), w.Secretary, w.Tenant));
        Assert.NotEmpty(Books.MessageFor(noReference, nameof(ReturnAdvance.BankReference)));

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Return(project, "100"), w.Contest.Committee, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Return(project, "100"), w.Contest.OrgMember, w.Tenant));
        var other = await ProjectWorld.CreateAsync(f);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Return(project, "100"), other.Secretary, other.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(WriteOff(project), other.Secretary, other.Tenant));

        // A claim under way would take from the same advance: settle or reject it first.
        await w.WriteAsync(db =>
        {
            db.Add(new ExpenseClaim { ProjectId = project, Number = 77, Status = ClaimStatus.Submitted, Total = 100m, CreatedBy = w.Contest.OrgMember.Id, CreatedAt = DateTimeOffset.UtcNow });
            return Task.CompletedTask;
        });
        var underWay = await Books.RefusedAsync(() => f.SendAsync(Return(project, "100"), w.Secretary, w.Tenant));
        Assert.Contains("正在办理的报销单", Books.MessageFor(underWay, ""));
        await Books.RefusedAsync(() => f.SendAsync(WriteOff(project), w.Secretary, w.Tenant));

        var (running, tranche) = await w.ApprovedFirstTrancheAsync();
        await w.PayAsync(running, tranche);
        var wrongStage = await Books.RefusedAsync(() => f.SendAsync(Return(running, "100"), w.Secretary, w.Tenant));
        Assert.Contains("结项报告", Books.MessageFor(wrongStage, ""));
        var wrongStageWriteOff = await Books.RefusedAsync(() => f.SendAsync(WriteOff(running), w.Secretary, w.Tenant));
        Assert.Contains("结项报告", Books.MessageFor(wrongStageWriteOff, ""));

        Assert.Equal(entries + 1, await w.EntriesAsync()); // only the second project's tranche payment
        Assert.Empty(await CloseOutEntriesAsync(w, project));
        Assert.Equal(0, await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().CountAsync(r => r.Kind == ApprovalKind.AdvanceWriteOff)));
        Assert.Equal(0, await other.Contest.ReadAsync(db => db.Set<JournalEntry>().CountAsync(e => e.SourceType == AdvanceCloseOut.SourceType)));
    }

    [Fact]
    public async Task A_write_off_needs_the_thresholds_approvals_never_the_preparers_and_then_posts_grant_expense_against_advances()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w, 20_000m); // 10,000 advanced: two approvals
        var both = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, both, TenantRole.Secretariat);
        await f.GrantAsync(w.Tenant, both, TenantRole.Committee);

        var id = await f.SendAsync(WriteOff(project), both, w.Tenant);
        var request = await WriteOffRequestAsync(w, project);
        var p = await w.ProjectRowAsync(project);
        Assert.Equal((id, 10_000m, 2, false, (Guid?)p.OrganisationId, both.Id, ApprovalStatus.Pending),
            (request.Id, request.Amount, request.RequiredApprovals, request.ChairRequired, request.OrganisationId, request.PreparedBy, request.Status));
        Assert.Contains("组织已注销，无法追回", request.Summary);
        Assert.Equal(id, (await ViewAsync(w, project)).PendingWriteOffId);
        var again = await Books.RefusedAsync(() => f.SendAsync(WriteOff(project), w.Secretary, w.Tenant));
        Assert.Contains("已有一笔核销申请", Books.MessageFor(again, ""));

        var own = await Books.RefusedAsync(() => f.SendAsync(Approve(id), both, w.Tenant));
        Assert.Contains("编制人不能审批自己编制的申请", Books.MessageFor(own, ""));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Approve(id), w.Secretary, w.Tenant));
        Assert.Equal(ApprovalStatus.Pending, await f.SendAsync(Approve(id), w.Contest.Committee, w.Tenant));
        Assert.Empty(await CloseOutEntriesAsync(w, project));
        Assert.Equal(10_000m, await AdvancesAsync(w));
        var closing = Books.MessageFor(await Books.RefusedAsync(() => w.MoveAsync(project, ProjectAction.Close)), "");
        Assert.Contains("核销申请尚在审批中", closing);

        Assert.Equal(ApprovalStatus.Approved, await f.SendAsync(Approve(id), w.Contest.Committee2, w.Tenant));
        var entry = Assert.Single(await CloseOutEntriesAsync(w, project));
        Assert.Equal(EntryKind.AdvanceWriteOff, entry.Kind);
        Assert.Equal(10_000m, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.GrantExpense, w.Fund)).Debit);
        Assert.Equal(10_000m, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Advances, w.Fund)).Credit);
        Assert.Equal(0m, await AdvancesAsync(w));
        var view = await ViewAsync(w, project);
        Assert.Equal((0m, (Guid?)null), (view.OutstandingAdvance, view.PendingWriteOffId));
        Assert.Equal(ProjectStatus.Closed, await w.MoveAsync(project, ProjectAction.Close));
        await AssertBooksBalancedAsync(w);
    }

    [Fact]
    public async Task A_write_off_never_takes_more_than_is_outstanding_when_it_is_approved()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w); // 5,000 advanced: one approval
        var id = await f.SendAsync(WriteOff(project), w.Secretary, w.Tenant);
        Assert.Equal(5_000m, (await WriteOffRequestAsync(w, project)).Amount);
        await f.SendAsync(Return(project, "1500.00"), w.Secretary, w.Tenant); // the organisation paid some back meanwhile

        Assert.Equal(ApprovalStatus.Approved, await f.SendAsync(Approve(id), w.Contest.Committee, w.Tenant));

        var writeOff = Assert.Single(await CloseOutEntriesAsync(w, project), e => e.Kind == EntryKind.AdvanceWriteOff);
        Assert.Equal(3_500m, (await Books.LineAsync(w.Ledger, writeOff, ChartOfAccounts.Advances, w.Fund)).Credit);
        Assert.Equal(0m, await AdvancesAsync(w));
        Assert.Equal(0m, (await ViewAsync(w, project)).OutstandingAdvance);
        Assert.Equal(ProjectStatus.Closed, await w.MoveAsync(project, ProjectAction.Close));
        await AssertBooksBalancedAsync(w);
    }

    [Fact]
    public async Task A_rejected_or_withdrawn_write_off_posts_nothing_and_a_bad_reason_is_refused()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var blank = await Books.RefusedAsync(() => f.SendAsync(WriteOff(project, " "), w.Secretary, w.Tenant));
        Assert.Contains("请填写核销理由", Books.MessageFor(blank, nameof(RequestAdvanceWriteOff.Reason)));
        var tooLong = await Books.RefusedAsync(() => f.SendAsync(WriteOff(project, new string('理', 201)), w.Secretary, w.Tenant));
        Assert.Contains("200", Books.MessageFor(tooLong, nameof(RequestAdvanceWriteOff.Reason)));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(WriteOff(project), w.Contest.Committee, w.Tenant));

        var rejected = await f.SendAsync(WriteOff(project), w.Secretary, w.Tenant);
        Assert.Equal(ApprovalStatus.Rejected,
            await f.SendAsync(new Decide { RequestId = rejected, Approve = false, Comment = "请继续追回" }, w.Contest.Committee, w.Tenant));
        var withdrawn = await f.SendAsync(WriteOff(project), w.Secretary, w.Tenant);
        await f.SendAsync(new CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel.Withdraw { RequestId = withdrawn }, w.Secretary, w.Tenant);

        Assert.Empty(await CloseOutEntriesAsync(w, project));
        Assert.Equal(5_000m, await AdvancesAsync(w));
        Assert.Equal((5_000m, (Guid?)null), ((await ViewAsync(w, project)).OutstandingAdvance, (await ViewAsync(w, project)).PendingWriteOffId));
        await Books.RefusedAsync(() => w.MoveAsync(project, ProjectAction.Close));
    }

    [Fact]
    public async Task A_reimbursement_project_has_no_advance_to_settle()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await w.ProjectAsync(10_000m, FundingMode.Reimbursement);
        await w.MoveAsync(project, ProjectAction.SignAgreement);
        await w.MoveAsync(project, ProjectAction.Start);
        await w.MoveAsync(project, ProjectAction.EnterFinalReport);
        Assert.Equal(0m, (await ViewAsync(w, project)).OutstandingAdvance);
        var ex = await Books.RefusedAsync(() => f.SendAsync(Return(project, "1.00"), w.Secretary, w.Tenant));
        Assert.Contains("没有尚未核销的预付款", Books.MessageFor(ex, ""));
        await Books.RefusedAsync(() => f.SendAsync(WriteOff(project), w.Secretary, w.Tenant));
    }

    [Fact]
    public async Task Through_the_project_page_the_secretariat_records_a_return_and_requests_a_write_off()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w);
        var t = w.Tenant.Identifier;
        var committee = await Books.SignedInAsync(f, w.Ledger, w.Contest.Committee);
        var seen = await Books.PageAsync(committee, $"/{t}/projects/{project}");
        Assert.Contains("data-testid=\"advance-closeout\"", seen);
        Assert.Contains("¥5,000.00", seen);
        Assert.DoesNotContain("data-testid=\"return-form\"", seen);

        var secretary = await Books.SignedInAsync(f, w.Ledger, w.Secretary);
        var page = await Books.PageAsync(secretary, $"/{t}/projects/{project}");
        Assert.Contains("data-testid=\"return-form\"", page);
        Assert.Contains("data-testid=\"write-off-form\"", page);
        Assert.Contains("data-confirm=", page);

        var fields = new Dictionary<string, string>
        {
            ["Return.IdempotencyKey"] = InputRules.NewIdempotencyKey(), ["Return.Amount"] = "6000", ["Return.ReturnedOn"] = Returned, ["Return.BankReference"] = "ICBC-RET-9",
        };
        var response = await FormPosts.PostAsync(secretary, $"/{t}/projects/{project}", $"/{t}/projects/{project}/advance/return", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await response.Content.ReadAsStringAsync();
        Assert.Contains("退回金额 ¥6,000.00 超过尚未核销的预付款 ¥5,000.00", refused);
        Assert.Contains("value=\"ICBC-RET-9\"", refused);
        Assert.Empty(await CloseOutEntriesAsync(w, project));

        fields["Return.Amount"] = "1000.00";
        response = await FormPosts.PostAsync(secretary, $"/{t}/projects/{project}", $"/{t}/projects/{project}/advance/return", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await Books.PageAsync(secretary, $"/{t}/projects/{project}");
        Assert.Contains("已登记退回预付款 ¥1,000.00", after);
        Assert.Contains("data-testid=\"outstanding-advance\">¥4,000.00<", after);

        response = await FormPosts.PostAsync(secretary, $"/{t}/projects/{project}", $"/{t}/projects/{project}/advance/write-off", new Dictionary<string, string> { ["WriteOff.Reason"] = "组织已注销" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var request = await WriteOffRequestAsync(w, project);
        Assert.Equal(4_000m, request.Amount);
        var pending = await Books.PageAsync(secretary, $"/{t}/projects/{project}?culture=en");
        Assert.Contains("data-testid=\"write-off-pending\"", pending);
        Assert.Contains($"href=\"/{t}/approvals/{request.Id}\"", pending);
        Assert.DoesNotContain("data-testid=\"write-off-form\"", pending);
        Assert.Contains("Advance returned", pending);
    }

    [Fact]
    public async Task After_a_partial_return_a_claim_cannot_write_off_more_than_is_left_of_the_advance()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await FinalReportAsync(w); // ¥5,000 advanced
        await f.SendAsync(Return(project, "4900.00"), w.Secretary, w.Tenant);
        var c = new ClaimTests.ClaimWorld { P = w };
        var claim = await c.AddAsync(ClaimTests.ClaimWorld.Line(project, await c.LineIdAsync(project), "200.00"));
        await c.SubmitAsync(claim);
        await c.ReviewAsync(claim, ClaimReview.ReviewAction.Approve);
        await c.DecideAsync(claim, approve: true);

        var ex = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => c.SettleAsync(claim));
        Assert.Contains("¥100.00", ex.Message); // what is left: 5,000 − 4,900
        Assert.Equal(100m, await AdvancesAsync(w));
        Assert.Equal(ClaimStatus.Approved, (await c.ClaimAsync(claim)).Status);
    }
}
