using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// Closing a project with an unspent advance (DESIGN §5): the organisation returns it (recorded with the bank
/// reference: Dr bank / Cr advances to grantees) or the committee approves writing it off (Dr grant expense / Cr
/// advances). Both post on the project's fund with the project as the entry's source, so what is still outstanding is
/// paid tranches − settled claims − what these entries took off the advance (net of any reversal).
/// </summary>
public static class AdvanceCloseOut
{
    /// <summary>How a returned-advance or write-off entry points back at its project.</summary>
    public const string SourceType = "Project";

    /// <summary>The credit the project's close-out entries put on the advances account (a reversal counts back).</summary>
    public static async Task<decimal> ClosedOutAsync(AppDbContext db, Guid projectId, CancellationToken ct) =>
        await (from l in db.Set<JournalLine>()
               join e in db.Set<JournalEntry>() on l.EntryId equals e.Id
               join a in db.Set<LedgerAccount>() on l.AccountId equals a.Id
               where e.SourceType == SourceType && e.SourceId == projectId && a.SystemKey == ChartOfAccounts.Advances
               select (decimal?)(l.Credit - l.Debit)).SumAsync(ct) ?? 0;

    /// <summary>The advance the organisation still holds: paid tranches less settled claims, returns and write-offs. Zero in reimbursement mode.</summary>
    public static async Task<decimal> OutstandingAsync(AppDbContext db, Project p, CancellationToken ct)
    {
        if (p.Mode == FundingMode.Reimbursement) return 0;
        var paid = await db.Set<Tranche>().Where(t => t.ProjectId == p.Id && t.Status == TrancheStatus.Paid).SumAsync(t => (decimal?)t.Amount, ct) ?? 0;
        var settled = await db.Set<ExpenseClaim>().Where(c => c.ProjectId == p.Id && c.Status == ClaimStatus.Settled).SumAsync(c => (decimal?)c.Total, ct) ?? 0;
        return paid - settled - await ClosedOutAsync(db, p.Id, ct);
    }

    /// <summary>The project's write-off request still waiting for the committee, if any.</summary>
    public static Task<ApprovalRequest?> PendingWriteOffAsync(AppDbContext db, Guid projectId, CancellationToken ct) =>
        db.Set<ApprovalRequest>().AsNoTracking()
            .Where(r => r.Kind == ApprovalKind.AdvanceWriteOff && r.SubjectId == projectId && r.Status == ApprovalStatus.Pending)
            .OrderByDescending(r => r.PreparedAt).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Why the advance cannot be returned or written off now, or null: only in the final-report stage, with no claim
    /// under way (its settlement would take from the same advance) and something outstanding.
    /// </summary>
    public static async Task<string?> RefusalAsync(AppDbContext db, Project p, IStringLocalizer<ProjectResource> t, CancellationToken ct)
    {
        if (p.Status != ProjectStatus.FinalReport) return t["CloseOut.WrongStatus"];
        if (await db.Set<ExpenseClaim>().AnyAsync(c => c.ProjectId == p.Id && ClaimRules.PendingStatuses.Contains(c.Status), ct))
            return t["CloseOut.ClaimsUnderWay"];
        if (await OutstandingAsync(db, p, ct) <= 0) return t["CloseOut.NothingOutstanding"];
        return null;
    }
}

/// <summary>
/// The committee approved writing off the unspent advance: Dr grant expense / Cr advances to grantees on the project's
/// fund, for the requested amount but never more than is outstanding at this moment (a return recorded meanwhile
/// counts). Rejection and withdrawal leave the project as it is. Runs in the deciding vote's transaction.
/// </summary>
public sealed class AdvanceWriteOffOutcome(AppDbContext db, ITenantContext tenant, LedgerService ledger, TimeProvider clock, IStringLocalizer<ProjectResource> t)
    : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.AdvanceWriteOff;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        await ProjectAccess.LockAsync(db, tenant, request.SubjectId, ct);
        var project = await db.Set<Project>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.SubjectId, ct);
        if (project is null) return;
        var amount = Math.Min(request.Amount, await AdvanceCloseOut.OutstandingAsync(db, project, ct));
        if (amount <= 0) return;
        // Written off as grant expense (资助支出), not project expense: project expense stays what receipts show (budget vs actual).
        var expense = await ledger.SystemAccountAsync(ChartOfAccounts.GrantExpense, ct);
        string description;
        using (Cultures.Use(Cultures.Chinese))
            description = Formats.Clip(t["CloseOut.WriteOffDescription", project.Number, project.Title].Value, 500);
        await ledger.PayOutAsync(new PayOut(project.PayingFundId, amount, expense, clock.Today(), description, EntryKind.AdvanceWriteOff,
            AdvanceCloseOut.SourceType, project.Id, CreditAccountKey: ChartOfAccounts.Advances), ct);
    }

    public Task RejectedAsync(ApprovalRequest request, CancellationToken ct) => Task.CompletedTask;
}
