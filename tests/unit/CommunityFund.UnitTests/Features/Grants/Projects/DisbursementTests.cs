using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using DetailModel = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using NewModel = CommunityFund.Web.Features.Grants.Projects.NewModel;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

/// <summary>
/// Paying tranches (DESIGN §5 Disbursement, invariants 3 and 4): every refusal leaves the books untouched, a double
/// submit pays once, two secretaries paying at once pay once, and a payment is Dr advances / Cr bank from the project's fund.
/// </summary>
public class DisbursementTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    /// <summary>Tries to pay and asserts the refusal names <paramref name="reason"/>, nothing was posted and the tranche is still unpaid.</summary>
    private static async Task AssertPaymentRefusedAsync(ProjectWorld w, Guid project, Guid tranche, string reason)
    {
        var entries = await w.EntriesAsync();
        var bank = await w.BankAsync();
        var refused = await Books.RefusedAsync(() => w.PayAsync(project, tranche));
        Assert.Contains(reason, Books.MessageFor(refused, ""));
        Assert.Equal(entries, await w.EntriesAsync());
        Assert.Equal(bank, await w.BankAsync());
        var row = (await w.TranchesAsync(project)).Single(x => x.Id == tranche);
        Assert.Equal((TrancheStatus.Approved, (DateOnly?)null, (string?)null), (row.Status, row.PaidOn, row.BankReference));
    }

    [Fact]
    public async Task Paying_a_tranche_posts_Dr_advances_Cr_bank_from_the_projects_fund_and_marks_it_paid()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync(10_000m);
        Assert.Equal(100_000m, await w.BankAsync());

        var paid = await w.PayAsync(project, tranche);

        Assert.Equal(95_000m, await w.BankAsync());
        Assert.Equal(5_000m, await w.Ledger.BalanceAsync(w.Fund, ChartOfAccounts.Advances));
        var entry = (await Books.EntriesAsync(w.Ledger)).Single(e => e.Kind == EntryKind.Disbursement);
        Assert.Equal((paid.EntryId, paid.EntryNumber, "Tranche", (Guid?)tranche, new DateOnly(2026, 3, 2)), (entry.Id, entry.Number, entry.SourceType, entry.SourceId, entry.Date));
        Assert.Equal((5_000m, 0m), ((await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Advances, w.Fund)).Debit, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Advances, w.Fund)).Credit));
        Assert.Equal((0m, 5_000m), ((await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Bank, w.Fund)).Debit, (await Books.LineAsync(w.Ledger, entry, ChartOfAccounts.Bank, w.Fund)).Credit));
        Assert.Contains("第 1 笔资助款", entry.Description);
        Books.AssertBalanced(entry);
        await Books.AssertMaintainedBalancesMatchJournalAsync(w.Ledger);

        var row = (await w.TranchesAsync(project))[0];
        Assert.Equal((TrancheStatus.Paid, new DateOnly(2026, 3, 2), "ICBC-20260301-0001", w.Secretary.Id), (row.Status, row.PaidOn!.Value, row.BankReference!, row.PaidBy!.Value));
        Assert.Equal(entry.Id, row.JournalEntryId);
        var view = await f.SendAsync(new DetailModel.Query { ProjectId = project }, w.Secretary, w.Tenant);
        Assert.Equal((5_000m, paid.EntryNumber), (view.Paid, view.Tranches[0].EntryNumber!.Value));
        var second = (await w.TranchesAsync(project))[1].Id;
        Assert.Contains("第 2 笔款项尚未经管委会批准", Books.MessageFor(await Books.RefusedAsync(() => w.PayAsync(project, second)), ""));
        Assert.Contains("第 1 笔款项已经拨付", Books.MessageFor(await Books.RefusedAsync(() => w.PayAsync(project, tranche)), ""));
        Assert.Single(await Books.EntriesAsync(w.Ledger), e => e.Kind == EntryKind.Disbursement);
    }

    [Fact]
    public async Task Refused_when_the_fund_cannot_cover_it()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync(10_000m);
        await w.Ledger.PayAsync(w.Fund, 96_000m); // other payments leave ¥4,000 in the bank
        await AssertPaymentRefusedAsync(w, project, tranche, "基金“综合基金”银行存款余额 ¥4,000.00，不足以支付 ¥5,000.00");
    }

    [Fact]
    public async Task Refused_when_the_tranche_condition_is_unmet()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, first) = await w.ApprovedFirstTrancheAsync(10_000m);
        var second = (await w.TranchesAsync(project))[1].Id;
        Assert.Contains("请先拨付第 1 笔", Books.MessageFor(await Books.RefusedAsync(() => w.RequestAsync(project, second)), ""));
        await w.PayAsync(project, first);
        await w.MoveAsync(project, ProjectAction.Start);
        Assert.Contains("中期报告尚未通过", Books.MessageFor(await Books.RefusedAsync(() => w.RequestAsync(project, second)), ""));

        // With the mid-term report accepted the tranche is requested and approved; the report is then sent back.
        var report = new ProjectReport
        {
            ProjectId = project, Kind = ReportKind.Midterm, Status = ReportStatus.Accepted, Outputs = "开展托管 40 次",
            SubmittedBy = w.Contest.OrgMember.Id, SubmittedAt = DateTimeOffset.UtcNow,
        };
        await w.WriteAsync(db => { db.Add(report); return Task.CompletedTask; });
        await w.RequestAsync(project, second);
        await w.DecideAsync(second, ApprovalKind.TranchePayment, approve: true);
        await w.WriteAsync(async db => (await db.Set<ProjectReport>().SingleAsync(r => r.Id == report.Id)).Status = ReportStatus.Returned);

        await AssertPaymentRefusedAsync(w, project, second, "拨付条件未满足：中期报告尚未通过");
    }

    [Fact]
    public async Task Refused_while_the_organisation_has_an_overdue_missing_documents_commitment()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        var other = await w.Contest.AddProposalAsync(ProposalStatus.Accepted);
        await w.WriteAsync(db =>
        {
            db.Add(new MissingDocumentCommitment
            {
                ProposalId = other, OrganisationId = w.Contest.Organisation, DocumentName = "年检报告", DueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3),
                CommittedBy = w.Secretary.Id, CommittedAt = DateTimeOffset.UtcNow.AddDays(-20),
            });
            return Task.CompletedTask;
        });
        await AssertPaymentRefusedAsync(w, project, tranche, "该社会组织有逾期未补交的容缺材料");
    }

    [Fact]
    public async Task Refused_while_an_objection_to_the_contest_is_open()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        await w.WriteAsync(db =>
        {
            db.Add(new Objection { ContestId = w.Contest.ContestId, Name = "李四", Contact = "13800000000", Text = "评分不公", FiledAt = DateTimeOffset.UtcNow });
            return Task.CompletedTask;
        });
        await AssertPaymentRefusedAsync(w, project, tranche, "大赛公示有 1 件异议尚未答复");
    }

    [Fact]
    public async Task Refused_before_the_public_notice_has_ended()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        await w.WriteAsync(async db =>
        {
            var contest = await db.Set<Contest>().SingleAsync(c => c.Id == w.Contest.ContestId);
            contest.Stage = ContestStage.PublicNotice;
            contest.NoticeStartsAt = DateTimeOffset.UtcNow.AddDays(-4);
            contest.NoticeEndsAt = DateTimeOffset.UtcNow.AddDays(3);
        });
        await AssertPaymentRefusedAsync(w, project, tranche, "公示期满前不能拨付");

        // Once the notice period is over (and no objection is open) the same payment goes through.
        await w.WriteAsync(async db => (await db.Set<Contest>().SingleAsync(c => c.Id == w.Contest.ContestId)).NoticeEndsAt = DateTimeOffset.UtcNow.AddMinutes(-1));
        await w.PayAsync(project, tranche);
        Assert.Equal(TrancheStatus.Paid, (await w.TranchesAsync(project))[0].Status);
    }

    [Fact]
    public async Task Refused_while_the_project_is_suspended()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        await w.MoveAsync(project, ProjectAction.Suspend, "负责人变更，暂停实施");
        await AssertPaymentRefusedAsync(w, project, tranche, "项目已暂停，不能拨付");
        await w.MoveAsync(project, ProjectAction.Resume);
        await w.PayAsync(project, tranche);
    }

    [Fact]
    public async Task Refused_for_a_reimbursement_mode_project_which_gets_no_advances()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await w.ProjectAsync(mode: FundingMode.Reimbursement);
        await w.MoveAsync(project, ProjectAction.SignAgreement);
        var tranche = (await w.TranchesAsync(project))[0].Id;
        Assert.Contains("报销制项目不预拨资金", Books.MessageFor(await Books.RefusedAsync(() => w.RequestAsync(project, tranche)), ""));
        Assert.Equal(TrancheStatus.Planned, (await w.TranchesAsync(project))[0].Status);
        Assert.Equal(0, await w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().CountAsync()));

        // Even a tranche marked approved some other way is not paid.
        await w.WriteAsync(async db => (await db.Set<Tranche>().SingleAsync(x => x.Id == tranche)).Status = TrancheStatus.Approved);
        await AssertPaymentRefusedAsync(w, project, tranche, "报销制项目不预拨资金");
    }

    [Fact]
    public async Task A_double_submit_with_the_same_key_pays_once_and_the_key_cannot_be_reused_for_other_content()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        var command = ProjectWorld.Payment(project, tranche);

        var first = await f.SendAsync(command, w.Secretary, w.Tenant);
        var second = await f.SendAsync(command, w.Secretary, w.Tenant);

        Assert.Equal(first, second);
        Assert.Single(await Books.EntriesAsync(w.Ledger), e => e.Kind == EntryKind.Disbursement);
        Assert.Equal(95_000m, await w.BankAsync());
        var reused = ProjectWorld.Payment(project, tranche, command.IdempotencyKey, reference: "ICBC-OTHER");
        Assert.Contains("已经提交过不同的内容", Books.MessageFor(await Books.RefusedAsync(() => f.SendAsync(reused, w.Secretary, w.Tenant)), ""));
        Assert.Equal(95_000m, await w.BankAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Two_secretaries_paying_the_same_tranche_at_once_pay_it_once(int seed)
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        var other = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, other, TenantRole.Secretariat);
        var random = new Random(seed);
        using var start = new SemaphoreSlim(0);
        var attempts = new[] { w.Secretary, other }.Select(secretary => Task.Run(async () =>
        {
            await start.WaitAsync();
            await Task.Delay(random.Next(0, 5));
            try { await w.PayAsync(project, tranche, secretary); return true; }
            catch (ValidationException ex)
            {
                Assert.Contains("已经拨付", string.Join(" ", ex.Errors.Select(e => e.ErrorMessage)));
                return false;
            }
        })).ToList();
        start.Release(2);

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(ok => ok));
        Assert.Single(await Books.EntriesAsync(w.Ledger), e => e.Kind == EntryKind.Disbursement);
        Assert.Equal(95_000m, await w.BankAsync());
        Assert.Equal(5_000m, await w.Ledger.BalanceAsync(w.Fund, ChartOfAccounts.Advances));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w.Ledger);
    }
}
