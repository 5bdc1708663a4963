using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Infrastructure.Mediation;
using ReportDetail = CommunityFund.Web.Features.Grants.Reports.DetailModel;
using ReportIndex = CommunityFund.Web.Features.Grants.Reports.IndexModel;
using ReportNew = CommunityFund.Web.Features.Grants.Reports.NewModel;

namespace CommunityFund.UnitTests.Features.Grants.ReportTests;

/// <summary>Mid-term and final reports (issue #5 item 5): submission rules, review, tranche condition, closing guard, access.</summary>
public class ReportTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task Bad_counts_are_refused_with_their_own_messages_and_nothing_is_saved(string bad)
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();

        var refused = await Books.RefusedAsync(() => f.SendAsync(ReportWorld.Report(project, beneficiaries: bad, activities: bad,
            files: new ReportNew.ReportUpload("photo.png", ReportWorld.Png)), w.Member, w.P.Tenant));

        Assert.Equal("受益人数须为不小于 0 的整数。", Books.MessageFor(refused, "BeneficiariesReached"));
        Assert.Equal("活动场次须为不小于 0 的整数。", Books.MessageFor(refused, "ActivitiesHeld"));
        Assert.Empty(await w.ReportsAsync(project));
        Assert.Empty(await w.FilesAsync());
        Assert.Equal(0, w.StoredFileCount());
    }

    [Fact]
    public async Task Counts_and_files_are_saved_and_an_exe_renamed_png_is_refused_with_nothing_stored()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();

        var refused = await Books.RefusedAsync(() => w.SubmitAsync(project, ReportKind.Midterm,
            new ReportNew.ReportUpload("ok.png", ReportWorld.Png), new ReportNew.ReportUpload("virus.png", ReportWorld.Exe)));
        Assert.Contains("virus.png", Books.MessageFor(refused, "Files"));
        Assert.Empty(await w.ReportsAsync(project));
        Assert.Empty(await w.FilesAsync());
        Assert.Equal(0, w.StoredFileCount());

        var eleven = Enumerable.Range(1, 11).Select(i => new ReportNew.ReportUpload($"p{i}.png", ReportWorld.Png)).ToArray();
        refused = await Books.RefusedAsync(() => w.SubmitAsync(project, ReportKind.Midterm, eleven));
        Assert.Equal("最多上传 10 个文件。", Books.MessageFor(refused, "Files"));
        Assert.Equal(0, w.StoredFileCount());

        var id = await w.SubmitAsync(project, ReportKind.Midterm, new ReportNew.ReportUpload("photo.png", ReportWorld.Png), new ReportNew.ReportUpload("名单.pdf", ReportWorld.Pdf));
        var row = Assert.Single(await w.ReportsAsync(project));
        Assert.Equal((id, ReportKind.Midterm, ReportStatus.Submitted, 120, 8, w.Member.Id), (row.Id, row.Kind, row.Status, row.BeneficiariesReached, row.ActivitiesHeld, row.SubmittedBy));
        var files = await w.FilesAsync();
        Assert.Equal(["image/png", "application/pdf"], files.OrderBy(x => x.FileName == "名单.pdf").Select(x => x.ContentType));
        Assert.All(files, x => Assert.Equal(id, x.ReportId));
        Assert.Equal(2, w.StoredFileCount());
    }

    [Fact]
    public async Task A_second_open_report_of_the_same_kind_is_refused_and_a_midterm_needs_a_running_project()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var notStarted = await w.P.ProjectAsync();
        var refused = await Books.RefusedAsync(() => w.SubmitAsync(notStarted));
        Assert.Equal("只有进行中的项目才能提交中期报告。", Books.MessageFor(refused, ""));

        var project = await w.RunningProjectAsync();
        await w.SubmitAsync(project);
        refused = await Books.RefusedAsync(() => w.SubmitAsync(project));
        Assert.Equal("已有一份该类报告待审核，请等待审核结果后再提交。", Books.MessageFor(refused, ""));
        Assert.Single(await w.ReportsAsync(project));

        // The other kind is independent.
        await w.SubmitAsync(project, ReportKind.Final);
        Assert.Equal(2, (await w.ReportsAsync(project)).Count);
    }

    [Fact]
    public async Task Accepting_the_midterm_report_meets_the_midterm_tranche_condition_and_no_second_midterm_follows()
    {
        var w = await ReportWorld.CreateAsync(f);
        var project = await w.RunningProjectAsync();
        var midtermTranche = (await w.P.TranchesAsync(project)).Single(x => x.Condition == TrancheCondition.MidtermAccepted).Id;
        var conditionText = await UiCulture.InAsync("zh-CN", () => w.InTenantAsync((_, sp) => Task.FromResult(
            sp.GetRequiredService<IStringLocalizer<ProjectResource>>()["Refusal.Condition.MidtermAccepted"].Value)));

        Assert.False(await ConditionMetAsync(w, project));
        var before = await Books.RefusedAsync(() => w.P.RequestAsync(project, midtermTranche));
        Assert.Contains(conditionText, Books.MessageFor(before, ""));

        var report = await w.SubmitAsync(project);
        Assert.False(await ConditionMetAsync(w, project)); // submitted is not accepted
        Assert.Equal(ReportStatus.Accepted, await w.AcceptAsync(report));

        Assert.True(await ConditionMetAsync(w, project));
        var after = await Books.RefusedAsync(() => w.P.RequestAsync(project, midtermTranche)); // still refused: tranche 1 is unpaid
        Assert.DoesNotContain(conditionText, Books.MessageFor(after, ""));
        Assert.Contains("第 1 笔", Books.MessageFor(after, ""));
        var row = Assert.Single(await w.ReportsAsync(project));
        Assert.Equal((ReportStatus.Accepted, (Guid?)w.P.Secretary.Id), (row.Status, row.ReviewedBy));
        Assert.Equal(ProjectStatus.InProgress, (await w.P.ProjectRowAsync(project)).Status);

        var again = await Books.RefusedAsync(() => w.SubmitAsync(project));
        Assert.Equal("该类报告已审核通过，不能再次提交。", Books.MessageFor(again, ""));
        var twice = await Books.RefusedAsync(() => w.AcceptAsync(report));
        Assert.Contains("已审核", Books.MessageFor(twice, ""));
    }

    private static Task<bool> ConditionMetAsync(ReportWorld w, Guid project) =>
        w.InTenantAsync(async (db, sp) =>
        {
            var p = await db.Set<Project>().AsNoTracking().SingleAsync(x => x.Id == project);
            return await sp.GetRequiredService<TrancheChecks>().ConditionMetAsync(p, TrancheCondition.MidtermAccepted, default);
        });

    [Fact]
    public async Task A_returned_report_keeps_its_reason_and_the_organisation_submits_a_new_one()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var first = await w.SubmitAsync(project);

        var bare = await Books.RefusedAsync(() => w.ReturnAsync(first, "  "));
        Assert.Equal("退回时须填写原因。", Books.MessageFor(bare, "Reason"));
        Assert.Equal(ReportStatus.Submitted, (await w.ReportsAsync(project))[0].Status);

        Assert.Equal(ReportStatus.Returned, await w.ReturnAsync(first, "缺少活动照片"));
        var returned = Assert.Single(await w.ReportsAsync(project));
        Assert.Equal((ReportStatus.Returned, "缺少活动照片"), (returned.Status, returned.ReturnReason));
        Assert.False(await ConditionMetAsync(w, project));

        var second = await w.SubmitAsync(project, ReportKind.Midterm, new ReportNew.ReportUpload("活动.png", ReportWorld.Png));
        Assert.NotEqual(first, second);
        Assert.Equal([ReportStatus.Returned, ReportStatus.Submitted], (await w.ReportsAsync(project)).Select(r => r.Status));
        await w.AcceptAsync(second);
        Assert.True(await ConditionMetAsync(w, project));

        var members = await w.P.Contest.ReadAsync(db => db.Set<CommunityFund.Web.Kernel.Handoffs.Notification>().AsNoTracking()
            .Where(n => n.UserId == w.Member.Id).Select(n => n.Title).ToListAsync());
        Assert.Contains(members, t => t.Contains("被退回"));
        Assert.Contains(members, t => t.Contains("已通过"));
    }

    [Theory]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("87.3")]
    [InlineData("")]
    [InlineData("abc")]
    public async Task A_final_report_needs_a_score_from_0_to_100_in_half_points(string bad)
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var report = await w.SubmitAsync(project, ReportKind.Final);

        var refused = await Books.RefusedAsync(() => w.AcceptAsync(report, bad));
        Assert.Equal("评估得分须为 0–100 之间的数，可到半分（如 87.5）。", Books.MessageFor(refused, "Score"));
        var p = await w.P.ProjectRowAsync(project);
        Assert.Equal((ProjectStatus.InProgress, (decimal?)null), (p.Status, p.EvaluationScore));
        Assert.Equal(ReportStatus.Submitted, (await w.ReportsAsync(project))[0].Status);
    }

    [Fact]
    public async Task Accepting_the_final_report_stores_the_score_and_moves_the_project_to_its_final_report_stage()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var version = (await w.P.ProjectRowAsync(project)).Version;
        var report = await w.SubmitAsync(project, ReportKind.Final);

        Assert.Equal(ReportStatus.Accepted, await w.AcceptAsync(report, "87.5"));

        var p = await w.P.ProjectRowAsync(project);
        Assert.Equal((ProjectStatus.FinalReport, (decimal?)87.5m), (p.Status, p.EvaluationScore));
        Assert.True(p.Version > version);
        var again = await Books.RefusedAsync(() => w.SubmitAsync(project, ReportKind.Final));
        Assert.Equal("该类报告已审核通过，不能再次提交。", Books.MessageFor(again, ""));
        var view = await f.SendAsync(new ReportDetail.Query { ReportId = report }, w.Member, w.P.Tenant);
        Assert.Equal((ReportStatus.Accepted, (decimal?)87.5m), (view.Status, view.EvaluationScore));
    }

    [Fact]
    public async Task Closing_is_refused_without_an_accepted_final_report_or_with_an_outstanding_advance_and_allowed_when_both_hold()
    {
        var w = await ReportWorld.CreateAsync(f);
        var (project, first) = await w.P.ApprovedFirstTrancheAsync(10_000m);
        await w.P.PayAsync(project, first);
        await w.P.MoveAsync(project, ProjectAction.Start);

        Assert.Equal([ProjectClosing.FinalNotAccepted, ProjectClosing.OutstandingAdvance], await RefusalsAsync(w, project));

        var final = await w.SubmitAsync(project, ReportKind.Final);
        Assert.Equal([ProjectClosing.FinalNotAccepted, ProjectClosing.OutstandingAdvance], await RefusalsAsync(w, project)); // submitted only
        await w.AcceptAsync(final, "90");
        Assert.Equal([ProjectClosing.OutstandingAdvance], await RefusalsAsync(w, project));

        // Claims not settled do not write the advance off; settled ones do.
        await AddClaimAsync(w, project, 1, ClaimStatus.Approved, 5_000m);
        await AddClaimAsync(w, project, 2, ClaimStatus.Settled, 3_000m);
        Assert.Equal(2_000m, await w.InTenantAsync(async (db, sp) =>
            await ProjectClosing.OutstandingAdvanceAsync(db, sp.GetRequiredService<IFundPayments>(), await ProjectAsync(db, project), default)));
        Assert.Equal([ProjectClosing.OutstandingAdvance], await RefusalsAsync(w, project));
        await AddClaimAsync(w, project, 3, ClaimStatus.Settled, 2_000m);
        Assert.Empty(await RefusalsAsync(w, project));
    }

    private static Task<Project> ProjectAsync(CommunityFund.Web.Infrastructure.Data.AppDbContext db, Guid id) =>
        db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == id);

    private static Task<IReadOnlyList<string>> RefusalsAsync(ReportWorld w, Guid project) =>
        w.InTenantAsync(async (db, sp) => await ProjectClosing.RefusalsAsync(db, sp.GetRequiredService<IFundPayments>(), await ProjectAsync(db, project), default));

    private static Task AddClaimAsync(ReportWorld w, Guid project, int number, ClaimStatus status, decimal total) =>
        w.P.WriteAsync(db =>
        {
            db.Add(new ExpenseClaim
            {
                TenantId = w.P.Tenant.Id, ProjectId = project, Number = number, Status = status, Total = total, CreatedBy = w.Member.Id, CreatedAt = DateTimeOffset.UtcNow,
            });
            return Task.CompletedTask;
        });

    [Fact]
    public async Task Another_organisation_gets_403_and_another_tenant_404()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var report = await w.SubmitAsync(project, ReportKind.Midterm, new ReportNew.ReportUpload("photo.png", ReportWorld.Png));
        var file = (await w.FilesAsync()).Single().Id;
        var other = w.P.Contest.OtherOrgMember;

        Assert.Equal(report, (await f.SendAsync(new ReportDetail.Query { ReportId = report }, w.Member, w.P.Tenant)).Id);
        Assert.Equal(report, (await f.SendAsync(new ReportDetail.Query { ReportId = report }, w.P.Contest.Auditor, w.P.Tenant)).Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ReportDetail.Query { ReportId = report }, other, w.P.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ReportIndex.Query { ProjectId = project }, other, w.P.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new DownloadModel.Query { ReportId = report, FileId = file }, other, w.P.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(ReportWorld.Report(project, ReportKind.Final), other, w.P.Tenant));
        // The secretariat reviews; an organisation's member does not.
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new ReportDetail.Review { ReportId = report, Decision = ReportDetail.ReviewDecision.Accept }, w.Member, w.P.Tenant));

        var elsewhere = await ProjectWorld.CreateAsync(f, money: 0);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new ReportDetail.Query { ReportId = report }, elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new ReportIndex.Query { ProjectId = project }, elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DownloadModel.Query { ReportId = report, FileId = file }, elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new ReportDetail.Review { ReportId = report, Decision = ReportDetail.ReviewDecision.Accept }, elsewhere.Secretary, elsewhere.Tenant));
        Assert.Equal(ReportStatus.Submitted, (await w.ReportsAsync(project)).Single().Status);
        Assert.Equal(1, (await w.ReportsAsync(project)).Count + (await w.P.Contest.ReadAsync(db => db.Set<ProjectReport>().CountAsync(r => r.ProjectId != project))));
    }
}
