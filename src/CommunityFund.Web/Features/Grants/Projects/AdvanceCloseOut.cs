using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
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
    public static Task<decimal> ClosedOutAsync(IFundPayments payments, Guid projectId, CancellationToken ct) =>
        payments.AdvanceCreditedAsync(SourceType, projectId, ct);

    /// <summary>The advance the organisation still holds: paid tranches less settled claims, returns and write-offs. Zero in reimbursement mode.</summary>
    public static async Task<decimal> OutstandingAsync(AppDbContext db, IFundPayments payments, Project p, CancellationToken ct)
    {
        if (p.Mode == FundingMode.Reimbursement) return 0;
        var paid = await db.Set<Tranche>().Where(t => t.ProjectId == p.Id && t.Status == TrancheStatus.Paid).SumAsync(t => (decimal?)t.Amount, ct) ?? 0;
        var settled = await db.Set<ExpenseClaim>().Where(c => c.ProjectId == p.Id && c.Status == ClaimStatus.Settled).SumAsync(c => (decimal?)c.Total, ct) ?? 0;
        return paid - settled - await ClosedOutAsync(payments, p.Id, ct);
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
    public static async Task<string?> RefusalAsync(AppDbContext db, IFundPayments payments, Project p, IStringLocalizer<ProjectResource> t, CancellationToken ct)
    {
        if (p.Status != ProjectStatus.FinalReport) return t["CloseOut.WrongStatus"];
        if (await db.Set<ExpenseClaim>().AnyAsync(c => c.ProjectId == p.Id && ClaimRules.PendingStatuses.Contains(c.Status), ct))
            return t["CloseOut.ClaimsUnderWay"];
        if (await OutstandingAsync(db, payments, p, ct) <= 0) return t["CloseOut.NothingOutstanding"];
        return null;
    }
}

/// <summary>
/// The committee approved writing off the unspent advance: Dr grant expense / Cr advances to grantees on the project's
/// fund, for the requested amount but never more than is outstanding at this moment (a return recorded meanwhile
/// counts). Rejection and withdrawal leave the project as it is. Runs in the deciding vote's transaction.
/// </summary>
public sealed class AdvanceWriteOffOutcome(AppDbContext db, ITenantContext tenant, IFundPayments payments, TimeProvider clock, IStringLocalizer<ProjectResource> t)
    : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.AdvanceWriteOff;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        await ProjectAccess.LockAsync(db, tenant, request.SubjectId, ct);
        var project = await db.Set<Project>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.SubjectId, ct);
        if (project is null) return;
        var amount = Math.Min(request.Amount, await AdvanceCloseOut.OutstandingAsync(db, payments, project, ct));
        if (amount <= 0) return;
        string description;
        using (Cultures.Use(Cultures.Chinese))
            description = Formats.Clip(t["CloseOut.WriteOffDescription", project.Number, project.Title].Value, 500);
        // Written off as grant expense (资助支出), not project expense: project expense stays what receipts show (budget vs actual).
        await payments.PayOutAsync(new FundPayment(project.PayingFundId, amount, FundAccountRole.GrantExpense, clock.Today(), description,
            EntryKind.AdvanceWriteOff, AdvanceCloseOut.SourceType, project.Id, Credit: FundAccountRole.Advances), ct);
    }

    public Task RejectedAsync(ApprovalRequest request, CancellationToken ct) => Task.CompletedTask;
}
