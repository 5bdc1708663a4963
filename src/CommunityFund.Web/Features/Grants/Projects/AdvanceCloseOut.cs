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

public sealed record ReturnedAdvance(long EntryId, int EntryNumber, decimal Amount, decimal Outstanding);

/// <summary>
/// The secretariat records money the organisation paid back from its advance: Dr bank / Cr advances to grantees on the
/// project's fund, never more than is outstanding. Idempotent: a double click records it once.
/// </summary>
[RequiresTenantRole(TenantRole.Secretariat)]
public sealed class ReturnAdvance : ICommand<ReturnedAdvance>, IIdempotentCommand, IHasAuditTarget
{
    public string IdempotencyKey { get; set; } = "";
    public Guid ProjectId { get; set; }
    public string Amount { get; set; } = "";
    public string ReturnedOn { get; set; } = "";
    public string BankReference { get; set; } = "";
    string? IHasAuditTarget.AuditTarget => $"{ProjectId}:advance-returned:{Amount}:{BankReference.Trim()}";
}

public sealed class ReturnAdvanceValidator : AbstractValidator<ReturnAdvance>
{
    public ReturnAdvanceValidator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l, TimeProvider clock)
    {
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
        RuleFor(c => c.Amount).ValidAmount(l);
        RuleFor(c => c.ReturnedOn).Cascade(CascadeMode.Stop).ValidDate(l)
            .Must(d => InputRules.Date(d) <= clock.Today()).WithMessage(_ => t["CloseOut.DateInFuture"]);
        RuleFor(c => c.BankReference).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Pay.BankReferenceRequired"])
            .Must(r => (r ?? "").Trim().Length <= Tranche.ReferenceMax).WithMessage(_ => t["Pay.BankReferenceTooLong", Tranche.ReferenceMax]);
    }
}

public sealed class ReturnAdvanceHandler(LedgerService ledger, AppDbContext db, ITenantContext tenant,
    IStringLocalizer<ProjectResource> t) : IRequestHandler<ReturnAdvance, ReturnedAdvance>
{
    public async Task<ReturnedAdvance> Handle(ReturnAdvance request, CancellationToken cancellationToken)
    {
        // The project's row lock first: claims, returns and write-offs of one project happen one after another.
        var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
        if (await AdvanceCloseOut.RefusalAsync(db, project, t, cancellationToken) is { } refusal) throw TrancheChecks.Refuse(refusal);
        var amount = InputRules.Amount(request.Amount);
        var outstanding = await AdvanceCloseOut.OutstandingAsync(db, project, cancellationToken);
        if (amount > outstanding)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(ReturnAdvance.Amount),
                t["CloseOut.AboveOutstanding", Formats.Money(amount), Formats.Money(outstanding)])]);

        var bank = await ledger.SystemAccountAsync(ChartOfAccounts.Bank, cancellationToken);
        var advances = await ledger.SystemAccountAsync(ChartOfAccounts.Advances, cancellationToken);
        string description;
        using (Cultures.Use(Cultures.Chinese))
            description = Formats.Clip(t["CloseOut.ReturnDescription", project.Number, project.Title, request.BankReference.Trim()].Value, 500);
        var entry = await ledger.PostAsync(new EntryDraft(InputRules.Date(request.ReturnedOn), description, EntryKind.Disbursement,
        [
            new LineDraft(bank, project.PayingFundId, amount, 0),
            new LineDraft(advances, project.PayingFundId, 0, amount),
        ], AdvanceCloseOut.SourceType, project.Id), cancellationToken);
        return new ReturnedAdvance(entry.Id, entry.Number, amount, outstanding - amount);
    }
}

/// <summary>
/// The secretariat asks the committee to write off what the organisation still holds of its advance (it will not be
/// returned), with the reason. The request goes through the one approval component for the outstanding amount; one
/// request at a time per project.
/// </summary>
[RequiresTenantRole(TenantRole.Secretariat)]
public sealed class RequestAdvanceWriteOff : ICommand<Guid>, IHasAuditTarget
{
    public const int ReasonMax = 200;

    public Guid ProjectId { get; set; }
    public string Reason { get; set; } = "";
    string? IHasAuditTarget.AuditTarget => $"{ProjectId}:advance-write-off";
}

public sealed class RequestAdvanceWriteOffValidator : AbstractValidator<RequestAdvanceWriteOff>
{
    public RequestAdvanceWriteOffValidator(IStringLocalizer<ProjectResource> t) =>
        RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
            .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["CloseOut.ReasonRequired"])
            .Must(r => r.Trim().Length <= RequestAdvanceWriteOff.ReasonMax).WithMessage(_ => t["CloseOut.ReasonTooLong", RequestAdvanceWriteOff.ReasonMax]);
}

public sealed class RequestAdvanceWriteOffHandler(AppDbContext db, ITenantContext tenant, ApprovalService approvals, IStringLocalizer<ProjectResource> t)
    : IRequestHandler<RequestAdvanceWriteOff, Guid>
{
    public async Task<Guid> Handle(RequestAdvanceWriteOff request, CancellationToken cancellationToken)
    {
        var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
        if (await AdvanceCloseOut.RefusalAsync(db, project, t, cancellationToken) is { } refusal) throw TrancheChecks.Refuse(refusal);
        if (await AdvanceCloseOut.PendingWriteOffAsync(db, project.Id, cancellationToken) is not null) throw TrancheChecks.Refuse(t["CloseOut.WriteOffPending"]);
        var outstanding = await AdvanceCloseOut.OutstandingAsync(db, project, cancellationToken);
        string summary;
        using (Cultures.Use(Cultures.Chinese))
            summary = Formats.Clip(t["CloseOut.WriteOffSummary", project.Number, project.Title, Formats.Money(outstanding), request.Reason.Trim()].Value,
                ApprovalRequest.SummaryMax);
        var approval = await approvals.RequestAsync(ApprovalKind.AdvanceWriteOff, project.Id, project.OrganisationId, outstanding, summary, cancellationToken);
        return approval.Id;
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
