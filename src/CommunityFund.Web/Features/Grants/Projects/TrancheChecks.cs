using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// Why a tranche may not be requested or paid now (DESIGN §5 Disbursement). The same checks run when the secretariat
/// requests a tranche and again, inside the payment's transaction, when it records the payment; every reason that
/// applies is reported, so the secretariat sees the whole list at once. The fund's side comes from the ledger's ports
/// (<see cref="IFundPayments"/>, <see cref="IFundDirectory"/>), the award's from the contest's (<see cref="IAwardHolds"/>).
/// </summary>
public sealed class TrancheChecks(AppDbContext db, TimeProvider clock, IStringLocalizer<ProjectResource> t, IFundPayments payments, IFundDirectory funds,
    IAwardHolds holds)
{
    public async Task<IReadOnlyList<string>> RefusalsAsync(Project project, Tranche tranche, IReadOnlyList<Tranche> plan, CancellationToken ct)
    {
        var refusals = new List<string>();
        if (project.Status == ProjectStatus.PendingApproval) refusals.Add(t["Refusal.PendingApproval"]);
        refusals.AddRange(StatusHolds(project));
        if (project.Status == ProjectStatus.Closed) refusals.Add(t["Refusal.Closed"]);
        // Reimbursement-mode projects have no advances: their money goes out as claims are paid.
        if (project.Mode == FundingMode.Reimbursement) refusals.Add(t["Refusal.ReimbursementMode"]);

        var linesTotal = await LinesTotalAsync(project.Id, ct);
        if (ProjectBudget.IsOverApproved(project.ApprovedAmount, [linesTotal]))
            refusals.Add(t["Refusal.OverBudget", Formats.Money(linesTotal), Formats.Money(project.ApprovedAmount)]);

        if (plan.Where(x => x.Sequence < tranche.Sequence && x.Status != TrancheStatus.Paid).OrderBy(x => x.Sequence).FirstOrDefault() is { } earlier)
            refusals.Add(t["Refusal.PreviousUnpaid", earlier.Sequence]);

        if (!await ConditionMetAsync(project, tranche.Condition, ct)) refusals.Add(t["Refusal.Condition." + tranche.Condition]);

        refusals.AddRange(await AwardHoldsAsync(project, ct));

        var bank = await BankBalanceAsync(project.PayingFundId, ct);
        if (bank < tranche.Amount) refusals.Add(await FundCannotCoverAsync(project.PayingFundId, bank, tranche.Amount, ct));
        return refusals;
    }

    /// <summary>
    /// The one hold check for money out of a project, whatever the channel (a tranche paid, a claim reimbursed or written
    /// off): the project is suspended or terminated, its organisation owes an overdue 容缺受理 document (or the proposal
    /// still owes one), or the award's public notice is running or has an open objection. Every reason that applies.
    /// </summary>
    public async Task<IReadOnlyList<string>> HoldsAsync(Project project, CancellationToken ct) =>
        [.. StatusHolds(project), .. await AwardHoldsAsync(project, ct)];

    private IEnumerable<string> StatusHolds(Project project) => project.Status switch
    {
        ProjectStatus.Suspended => [t["Refusal.Suspended"]],
        ProjectStatus.Terminated => [t["Refusal.Terminated"]],
        _ => [],
    };

    private async Task<IReadOnlyList<string>> AwardHoldsAsync(Project project, CancellationToken ct)
    {
        var refusals = new List<string>();
        if (await holds.HasOverdueCommitmentAsync(project.OrganisationId, clock.Today(), ct))
            refusals.Add(t["Refusal.OverdueCommitment"]);
        else if (project.ProposalId is { } proposalId && await holds.HasOutstandingCommitmentAsync(proposalId, ct))
            refusals.Add(t["Refusal.OutstandingCommitment"]);
        if (project.ContestId is { } contestId) refusals.AddRange(await NoticeRefusalsAsync(contestId, ct));
        return refusals;
    }

    /// <summary>Money flows only after the contest's public notice has ended with no open objection (DESIGN §4 Award).</summary>
    private async Task<IReadOnlyList<string>> NoticeRefusalsAsync(Guid contestId, CancellationToken ct)
    {
        var refusals = new List<string>();
        var notice = await holds.NoticeAsync(contestId, ct);
        if (notice.OpenObjections > 0) refusals.Add(t["Refusal.OpenObjection", notice.OpenObjections]);
        if (!notice.Ended)
            refusals.Add(notice.EndsAt is { } until ? t["Refusal.NoticeNotEnded", Formats.DateTime(until)] : t["Refusal.NoticeNotHeld"]);
        return refusals;
    }

    /// <summary>AgreementSigned: the project has signed and is not suspended; the report conditions need the accepted report.</summary>
    public async Task<bool> ConditionMetAsync(Project project, TrancheCondition condition, CancellationToken ct) => condition switch
    {
        TrancheCondition.None => true,
        TrancheCondition.AgreementSigned => project.Status is >= ProjectStatus.AgreementSigned and <= ProjectStatus.Closed,
        TrancheCondition.MidtermAccepted => await ReportAcceptedAsync(project.Id, ReportKind.Midterm, ct),
        TrancheCondition.FinalAccepted => await ReportAcceptedAsync(project.Id, ReportKind.Final, ct),
        _ => false,
    };

    private Task<bool> ReportAcceptedAsync(Guid projectId, ReportKind kind, CancellationToken ct) =>
        db.Set<ProjectReport>().AnyAsync(r => r.ProjectId == projectId && r.Kind == kind && r.Status == ReportStatus.Accepted, ct);

    public Task<decimal> LinesTotalAsync(Guid projectId, CancellationToken ct) =>
        db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == projectId).SumAsync(l => l.Approved, ct);

    /// <summary>The fund's bank deposits (what a payment is credited to).</summary>
    public Task<decimal> BankBalanceAsync(Guid fundId, CancellationToken ct) => payments.BankBalanceAsync(fundId, ct);

    public async Task<string> FundCannotCoverAsync(Guid fundId, decimal bank, decimal amount, CancellationToken ct)
    {
        var fund = await funds.FindAsync(fundId, ct) ?? throw new InvalidOperationException("A project's paying fund always exists (a foreign key).");
        return t["Refusal.FundCannotCover", fund.Name(System.Globalization.CultureInfo.CurrentUICulture), Formats.Money(bank), Formats.Money(amount)];
    }
}
