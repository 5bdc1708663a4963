using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.ClaimTests;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Features.Grants.ReportTests;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Reports;
using CommunityFund.Web.Features.Ledger.Transfers;
using CommunityFund.Web.Infrastructure.Data;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;
using Decide = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel.Decide;
using ProjectDetail = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using NewModel = CommunityFund.Web.Features.Grants.Projects.NewModel;

namespace CommunityFund.UnitTests.Features.Grants;

/// <summary>
/// Every grant flow in one tenant, each through its own command and the one approval component (the committee's
/// votes are real decide commands): then the books must hold together (DESIGN §8) and the grant pages' totals must be
/// what the ledger says.
/// </summary>
public class LedgerIntegrityTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task After_every_grant_flow_the_books_balance_the_maintained_balances_fold_and_project_totals_match_the_ledger()
    {
        var cw = await ClaimWorld.CreateAsync(f, money: 100_000m);
        var w = cw.P;
        var reports = new ReportWorld { P = w };
        var committee = w.Contest.Committee;
        var committee2 = w.Contest.Committee2;

        // Committee votes go through the decide command; this finds the pending request of a subject.
        Task<Guid> PendingAsync(ApprovalKind kind, Guid subject) =>
            w.Contest.ReadAsync(db => db.Set<ApprovalRequest>().Where(r => r.Kind == kind && r.SubjectId == subject && r.Status == ApprovalStatus.Pending)
                .Select(r => r.Id).SingleAsync());
        Task<ApprovalStatus> VoteAsync(Guid request, bool approve, Web.Infrastructure.Identity.AppUser? by = null) =>
            f.SendAsync(new Decide { RequestId = request, Approve = approve, Comment = approve ? "同意" : "不符合报销范围" }, by ?? committee, w.Tenant);

        // 1. A fund transfer (general → restricted), approved by the committee.
        var transfer = await f.SendAsync(new CreateModel.Command
        {
            IdempotencyKey = Books.NewKey(), FromFundId = w.Ledger.General.ToString(), ToFundId = w.Ledger.Restricted.ToString(), Amount = "3000.00",
            Date = "2026-02-01", Reason = "充实幸福家园项目资金池",
        }, w.Secretary, w.Tenant);
        Assert.Equal(ApprovalStatus.Approved, await VoteAsync(await PendingAsync(ApprovalKind.FundTransfer, transfer), true));

        // 2. A project from a contest award (advance mode): tranche 1 requested, approved and paid (¥5,000).
        var advance = await w.ProjectAsync(10_000m);
        await w.MoveAsync(advance, ProjectAction.SignAgreement);
        var tranche = (await w.TranchesAsync(advance))[0];
        await w.RequestAsync(advance, tranche.Id);
        Assert.Equal(ApprovalStatus.Approved, await VoteAsync(await PendingAsync(ApprovalKind.TranchePayment, tranche.Id), true));
        await w.PayAsync(advance, tranche.Id);
        await w.MoveAsync(advance, ProjectAction.Start);

        // 3. A direct project (reimbursement mode, ¥8,000: two approvals) approved by the committee.
        var direct = await f.SendAsync(new NewModel.Command
        {
            OrganisationId = w.Contest.Organisation.ToString(), Title = "社区长者助餐", Amount = "8000", FundId = w.Fund.ToString(), Mode = "Reimbursement",
            StartDate = "2026-03-01", EndDate = "2026-12-31",
            Lines = [new() { Item = "餐费补贴", Kind = "Other", Amount = "6000" }, new() { Item = "志愿者交通", Kind = "Other", Amount = "2000" }],
        }, w.Secretary, w.Tenant);
        var grant = await PendingAsync(ApprovalKind.Grant, direct);
        Assert.Equal(ApprovalStatus.Pending, await VoteAsync(grant, true));
        Assert.Equal(ApprovalStatus.Approved, await VoteAsync(grant, true, committee2));
        await w.MoveAsync(direct, ProjectAction.SignAgreement);

        // 4. Claims: settled on both projects (advance write-off and reimbursement), one rejected by the committee.
        async Task<Guid> ClaimAsync(Guid project, string amount, bool approve)
        {
            var claim = await cw.AddAsync(ClaimWorld.Line(project, await cw.LineIdAsync(project), amount));
            await cw.SubmitAsync(claim);
            await cw.ReviewAsync(claim, ClaimReview.ReviewAction.Approve);
            await VoteAsync(await PendingAsync(ApprovalKind.ClaimPayment, claim), approve);
            if (approve) await cw.SettleAsync(claim);
            return claim;
        }
        var advanceClaim = await ClaimAsync(advance, "1200.00", approve: true);
        var reimbursed = await ClaimAsync(direct, "600.50", approve: true);
        var rejected = await ClaimAsync(direct, "300.00", approve: false);
        Assert.Equal(ClaimStatus.Settled, (await cw.ClaimAsync(advanceClaim)).Status);
        Assert.Equal(ClaimStatus.Settled, (await cw.ClaimAsync(reimbursed)).Status);
        Assert.Equal(ClaimStatus.Rejected, (await cw.ClaimAsync(rejected)).Status);

        // 5. The advance project's final report is accepted; ¥1,000 of the unspent advance comes back, the rest (¥2,800) is written off.
        await reports.AcceptAsync(await reports.SubmitAsync(advance, ReportKind.Final), "90");
        Assert.Equal(ProjectStatus.FinalReport, (await w.ProjectRowAsync(advance)).Status);
        await f.SendAsync(new ReturnAdvance
        {
            IdempotencyKey = Books.NewKey(), ProjectId = advance, Amount = "1000.00", ReturnedOn = "2026-10-15", BankReference = "ICBC-RET-0001",
        }, w.Secretary, w.Tenant);
        var writeOff = await f.SendAsync(new RequestAdvanceWriteOff { ProjectId = advance, Reason = "活动结余，组织无力退回" }, w.Secretary, w.Tenant);
        Assert.Equal(ApprovalStatus.Approved, await VoteAsync(writeOff, true));
        Assert.Equal(ProjectStatus.Closed, await w.MoveAsync(advance, ProjectAction.Close));

        // The trial balance (as the report computes it) is even, and every fund's statement reconciles.
        var trial = await f.SendAsync(new TrialBalanceModel.Query(), w.Secretary, w.Tenant);
        Assert.True(trial.Balanced);
        Assert.Equal(trial.TotalDebit, trial.TotalCredit);
        Assert.True(trial.TotalDebit > 0);
        var statements = await f.SendAsync(new FundStatementModel.Query { From = "2000-01-01" }, w.Secretary, w.Tenant);
        Assert.Equal(2, statements.Funds.Count);
        Assert.All(statements.Funds, s => Assert.True(s.Reconciles, s.Code));

        var (lines, balances, accounts) = await w.Contest.ReadAsync(async db => (
            await (from l in db.Set<JournalLine>()
                   join e in db.Set<JournalEntry>() on l.EntryId equals e.Id
                   select new Line(l.FundId, l.AccountId, l.Debit, l.Credit, e.SourceType, e.SourceId)).ToListAsync(),
            await db.Set<FundAccountBalance>().AsNoTracking().ToListAsync(),
            await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.SystemKey != null).ToDictionaryAsync(a => a.SystemKey!, a => a.Id)));

        // Debits equal credits in total and within each fund.
        Assert.Equal(lines.Sum(l => l.Debit), lines.Sum(l => l.Credit));
        foreach (var fund in lines.GroupBy(l => l.Fund)) Assert.Equal(fund.Sum(l => l.Debit), fund.Sum(l => l.Credit));

        // Every maintained balance is the fold of the journal, and every (fund, account) the journal touches has one.
        var fold = lines.GroupBy(l => (l.Fund, l.Account)).ToDictionary(g => g.Key, g => (D: g.Sum(l => l.Debit), C: g.Sum(l => l.Credit)));
        Assert.Equal(fold.Keys.OrderBy(k => k.Fund).ThenBy(k => k.Account), balances.Select(b => (b.FundId, b.AccountId)).OrderBy(k => k.FundId).ThenBy(k => k.AccountId));
        foreach (var b in balances) Assert.Equal(fold[(b.FundId, b.AccountId)], (b.DebitTotal, b.CreditTotal));

        // Each project's totals as its pages report them equal its ledger lines.
        var claimsOf = await w.Contest.ReadAsync(db => db.Set<ExpenseClaim>().AsNoTracking().Select(c => new { c.Id, c.ProjectId }).ToListAsync());
        var tranchesOf = await w.Contest.ReadAsync(db => db.Set<Tranche>().AsNoTracking().Select(x => new { x.Id, x.ProjectId }).ToListAsync());
        bool Of(Line l, Guid project) =>
            (l.SourceType == ClaimSource.Type && claimsOf.Any(c => c.Id == l.SourceId && c.ProjectId == project))
            || (l.SourceType == TrancheSource.Type && tranchesOf.Any(x => x.Id == l.SourceId && x.ProjectId == project))
            || (l.SourceType == AdvanceCloseOut.SourceType && l.SourceId == project);
        var expense = accounts[ChartOfAccounts.ProjectExpense];
        var advances = accounts[ChartOfAccounts.Advances];
        decimal spentTotal = 0, outstandingTotal = 0;
        foreach (var project in new[] { advance, direct })
        {
            var bva = await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = project }, w.Secretary, w.Tenant);
            var mine = lines.Where(l => Of(l, project)).ToList();
            Assert.Equal(bva.Spent, mine.Where(l => l.Account == expense).Sum(l => l.Debit - l.Credit));
            Assert.Equal(bva.Advanced, mine.Where(l => l.Account == advances && l.SourceType == TrancheSource.Type).Sum(l => l.Debit - l.Credit));
            var view = await f.SendAsync(new ProjectDetail.Query { ProjectId = project }, w.Secretary, w.Tenant);
            Assert.Equal(view.OutstandingAdvance, mine.Where(l => l.Account == advances).Sum(l => l.Debit - l.Credit));
            spentTotal += bva.Spent;
            outstandingTotal += view.OutstandingAdvance;
        }
        // No project expense or advance sits in the ledger outside these projects' documents.
        Assert.Equal(spentTotal, lines.Where(l => l.Account == expense).Sum(l => l.Debit - l.Credit));
        Assert.Equal(outstandingTotal, lines.Where(l => l.Account == advances).Sum(l => l.Debit - l.Credit));

        // And the amounts are the ones the flows moved.
        Assert.Equal((1_200m, 5_000m), ((await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = advance }, w.Secretary, w.Tenant)).Spent,
            (await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = advance }, w.Secretary, w.Tenant)).Advanced));
        Assert.Equal(600.50m, (await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = direct }, w.Secretary, w.Tenant)).Spent);
        Assert.Equal(0m, outstandingTotal);
        Assert.Equal(2_800m, lines.Where(l => l.Account == accounts[ChartOfAccounts.GrantExpense]).Sum(l => l.Debit - l.Credit));
        Assert.DoesNotContain(lines, l => l.SourceId == rejected);
        Assert.Equal(100_000m - 3_000m - 5_000m + 1_000m - 600.50m, await w.Ledger.BalanceAsync(w.Ledger.General, ChartOfAccounts.Bank));
        Assert.Equal(3_000m, await w.Ledger.BalanceAsync(w.Ledger.Restricted, ChartOfAccounts.Bank));
    }

    private sealed record Line(Guid Fund, Guid Account, decimal Debit, decimal Credit, string? SourceType, Guid? SourceId);
}
