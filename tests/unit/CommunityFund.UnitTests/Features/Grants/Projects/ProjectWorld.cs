using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using DetailModel = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using NewModel = CommunityFund.Web.Features.Grants.Projects.NewModel;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;
using Microsoft.Extensions.Localization;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

/// <summary>
/// A contest world whose contest has finished its public notice (stage Final), money in the contest's fund, and
/// helpers to award a proposal, turn it into a project, move it, and stand in for the committee's approval decision
/// (the decide command is another feature: here the outcome classes are called directly, in a transaction).
/// </summary>
public sealed class ProjectWorld
{
    public required ContestWorld Contest { get; init; }
    public SliceFixture F => Contest.F;
    public LedgerWorld Ledger => Contest.Ledger;
    public TenantInfo Tenant => Contest.Tenant;
    public AppUser Secretary => Contest.Secretary;
    public Guid Fund => Ledger.General;

    /// <summary>Sample proposal lines: 200 × 50 + 50 × 40 = ¥12,000.</summary>
    public const decimal SampleLinesTotal = 12_000m;

    public static async Task<ProjectWorld> CreateAsync(SliceFixture f, decimal money = 100_000m)
    {
        var w = new ProjectWorld { Contest = await ContestWorld.CreateAsync(f, ContestStage.Final) };
        if (money > 0) await w.Ledger.ReceiveAsync(w.Fund, money);
        return w;
    }

    /// <summary>An accepted proposal on a confirmed award list with <paramref name="amount"/> awarded; returns the award item.</summary>
    public async Task<Guid> AwardAsync(decimal amount, Guid? organisation = null, ProposalContent? content = null)
    {
        content ??= ContestWorld.SampleContent();
        var proposal = await Contest.AddProposalAsync(ProposalStatus.Accepted, content, organisation);
        return await F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var list = new AwardList
            {
                ContestId = Contest.ContestId, Status = AwardListStatus.Confirmed, TotalBudget = 100_000m, TotalAwarded = amount,
                PreparedBy = Secretary.Id, PreparedAt = DateTimeOffset.UtcNow, ConfirmedBy = Contest.Committee.Id, ConfirmedAt = DateTimeOffset.UtcNow,
            };
            var item = new AwardItem
            {
                AwardListId = list.Id, ProposalId = proposal, Rank = 1, FinalScore = 90m, Requested = content.RequestedAmount, Amount = amount,
                Outcome = amount < content.RequestedAmount ? AwardOutcome.AwardedWithCut : AwardOutcome.Awarded,
                CutReason = amount < content.RequestedAmount ? "预算偏高" : null,
            };
            db.AddRange(list, item);
            await db.SaveChangesAsync();
            return item.Id;
        });
    }

    public Task<Guid> FromAwardAsync(Guid awardItem, FundingMode mode = FundingMode.Advance) =>
        F.SendAsync(new FromAwardModel.Command { AwardItemId = awardItem, Mode = mode.ToString(), StartDate = "2026-03-01", EndDate = "2026-12-31" },
            Secretary, Tenant);

    /// <summary>A project from a fresh award of <paramref name="amount"/> for a proposal whose lines total ¥10,000 (8,000 labour + 2,000 materials).</summary>
    public async Task<Guid> ProjectAsync(decimal amount = 10_000m, FundingMode mode = FundingMode.Advance) =>
        await FromAwardAsync(await AwardAsync(amount, content: ContestWorld.SampleContent(unitPrice: 160m)), mode);

    public Task<ProjectStatus> MoveAsync(Guid project, ProjectAction action, string reason = "") =>
        F.SendAsync(new DetailModel.Transition { ProjectId = project, Action = action, Reason = reason }, Secretary, Tenant);

    public Task<int> RequestAsync(Guid project, Guid tranche) =>
        F.SendAsync(new DetailModel.RequestTranche { ProjectId = project, TrancheId = tranche }, Secretary, Tenant);

    public static PayModel.PayTranche Payment(Guid project, Guid tranche, string? key = null, string reference = "ICBC-20260301-0001") => new()
    {
        IdempotencyKey = key ?? InputRules.NewIdempotencyKey(), ProjectId = project, TrancheId = tranche, PaidOn = "2026-03-02", BankReference = reference,
    };

    public Task<PayModel.Paid> PayAsync(Guid project, Guid tranche, AppUser? by = null) =>
        F.SendAsync(Payment(project, tranche), by ?? Secretary, Tenant);

    /// <summary>Stands in for the committee's decision: the request is decided and the outcome runs in one transaction, as the decide command does.</summary>
    public Task DecideAsync(Guid subject, ApprovalKind kind, bool approve, string comment = "") =>
        Ledger.InTransactionAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var request = await db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == subject && r.Kind == kind && r.Status == ApprovalStatus.Pending);
            request.Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
            request.DecidedAt = DateTimeOffset.UtcNow;
            request.Version++;
            db.Add(new ApprovalDecision
            {
                RequestId = request.Id, ApproverId = Contest.Committee.Id, Approved = approve, Comment = comment, DecidedAt = DateTimeOffset.UtcNow,
            });
            var outcome = ApprovalOutcomes.For(sp.GetServices<IApprovalOutcome>(), kind)!;
            if (approve) await outcome.ApprovedAsync(request, default);
            else await outcome.RejectedAsync(request, default);
            await sp.GetRequiredService<ApprovalService>().ConcludedAsync(request, default);
            return 0;
        });

    /// <summary>Signs the agreement, requests tranche 1 and has the committee approve it: ready to pay.</summary>
    public async Task<(Guid Project, Guid Tranche)> ApprovedFirstTrancheAsync(decimal amount = 10_000m)
    {
        var project = await ProjectAsync(amount);
        await MoveAsync(project, ProjectAction.SignAgreement);
        var first = (await TranchesAsync(project))[0].Id;
        await RequestAsync(project, first);
        await DecideAsync(first, ApprovalKind.TranchePayment, approve: true);
        return (project, first);
    }

    public Task<Project> ProjectRowAsync(Guid id) =>
        Contest.ReadAsync(db => db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == id));

    public Task<List<Tranche>> TranchesAsync(Guid project) =>
        Contest.ReadAsync(db => db.Set<Tranche>().AsNoTracking().Where(x => x.ProjectId == project).OrderBy(x => x.Sequence).ToListAsync());

    public Task<List<ProjectBudgetLine>> LinesAsync(Guid project) =>
        Contest.ReadAsync(db => db.Set<ProjectBudgetLine>().AsNoTracking().Where(x => x.ProjectId == project).OrderBy(x => x.Position).ToListAsync());

    public Task<int> EntriesAsync() => Contest.ReadAsync(db => db.Set<JournalEntry>().CountAsync());

    /// <summary>Changes rows directly, for states the test needs and no command (yet) produces.</summary>
    public Task WriteAsync(Func<AppDbContext, Task> change) => WriteAsync((db, _) => change(db));

    /// <summary>Changes rows directly, with the scope's services at hand (the ports other areas implement).</summary>
    public Task WriteAsync(Func<AppDbContext, IServiceProvider, Task> change) =>
        F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await change(db, sp);
            await db.SaveChangesAsync();
            return 0;
        });

    /// <summary>
    /// What closing needs besides the status: an accepted final report, and a settled claim accounting for any advance
    /// paid (written directly; the reports and claims features have their own tests).
    /// </summary>
    public Task ReadyToCloseAsync(Guid project) =>
        WriteAsync(async (db, sp) =>
        {
            db.Add(new Web.Features.Grants.Reports.ProjectReport
            {
                ProjectId = project, Kind = Web.Features.Grants.Reports.ReportKind.Final, Status = Web.Features.Grants.Reports.ReportStatus.Accepted,
                Outputs = "完成全部活动", SubmittedBy = Secretary.Id, SubmittedAt = DateTimeOffset.UtcNow, ReviewedBy = Secretary.Id, ReviewedAt = DateTimeOffset.UtcNow,
            });
            var outstanding = await Web.Features.Grants.Reports.ProjectClosing.OutstandingAdvanceAsync(db, sp.GetRequiredService<IFundPayments>(), await db.Set<Project>().SingleAsync(p => p.Id == project), default);
            if (outstanding > 0)
                db.Add(new Web.Features.Grants.Claims.ExpenseClaim
                {
                    ProjectId = project, Number = 900, Status = Web.Features.Grants.Claims.ClaimStatus.Settled, Total = outstanding,
                    CreatedBy = Secretary.Id, CreatedAt = DateTimeOffset.UtcNow, SettledAt = DateTimeOffset.UtcNow,
                });
        });

    public Task<decimal> BankAsync() => Ledger.BalanceAsync(Fund, ChartOfAccounts.Bank);

    public static string Money(decimal amount) => Formats.Money(amount);
}
