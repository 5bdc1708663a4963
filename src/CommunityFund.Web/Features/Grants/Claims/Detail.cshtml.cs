using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.Notifications;
using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Screening;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>
/// One expense claim: the organisation adds lines (each checked against the budget line's remaining money, the
/// tenant's invoice numbers, the project period and the receipt's content) while it is Draft or Returned and submits
/// it; the secretariat approves it for the committee, rejects it, or returns it once with a list of fixes; an approved
/// claim is settled through the ledger (reimbursement: Dr project expense / Cr bank; advance: Dr project expense / Cr advances).
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty] public AddLine Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public string SettleKey { get; private set; } = "";
    public string Today { get; private set; } = "";

    public async Task OnGetAsync(Guid id)
    {
        Input.ClaimId = id;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? receipt, [FromServices] IOptions<FileStoreOptions> options)
    {
        Input.ClaimId = id;
        Input.ProjectId = await mediator.Send(new ProjectOf { ClaimId = id });
        Input.ReceiptContent = receipt is null ? [] : await UploadRules.ReadLimitedAsync(receipt, options.Value.MaxBytes, HttpContext.RequestAborted);
        Input.ReceiptFileName = receipt?.FileName;
        await mediator.Send(Input);
        return Done(id, t["Detail.LineAddedNotice"]);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid lineId)
    {
        Input.ClaimId = id;
        await mediator.Send(new RemoveLine { ClaimId = id, LineId = lineId });
        return Done(id, t["Detail.LineRemovedNotice"]);
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id)
    {
        Input.ClaimId = id;
        await mediator.Send(new Submit { ClaimId = id });
        return Done(id, t["Detail.SubmittedNotice"]);
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid id, ReviewAction action, string? reason, string? fixes)
    {
        Input.ClaimId = id;
        var status = await mediator.Send(new Review { ClaimId = id, Action = action, Reason = reason ?? "", Fixes = fixes ?? "" });
        return Done(id, t["Detail.ReviewedNotice", t["ClaimStatus." + status]]);
    }

    public async Task<IActionResult> OnPostSettleAsync(Guid id, string? idempotencyKey, string? settledOn)
    {
        Input.ClaimId = id;
        var settled = await mediator.Send(new Settle { ClaimId = id, IdempotencyKey = idempotencyKey ?? "", SettledOn = settledOn ?? "" });
        return Done(id, t["Detail.SettledNotice", settled.EntryNumber]);
    }

    private RedirectToPageResult Done(Guid id, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return RedirectToPage("/Grants/Claims/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new Query { ClaimId = Input.ClaimId ?? Guid.Empty });
        SettleKey = InputRules.NewIdempotencyKey();
        Today = Formats.Date(clock.Today());
    }

    public sealed record LineView(Guid Id, string BudgetItem, DateOnly Date, string Payee, string Description, decimal Amount, string InvoiceNumber,
        string? DuplicateOverrideReason, string ReceiptFileName);

    public sealed record BudgetOption(Guid Id, string Item, decimal Remaining);

    public sealed record View(Guid Id, int Number, ClaimStatus Status, decimal Total, Guid ProjectId, int ProjectNumber, string ProjectTitle, string Organisation,
        FundingMode Mode, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<string> FixList, string? RejectionReason, int? EntryNumber,
        IReadOnlyList<LineView> Lines, IReadOnlyList<BudgetOption> BudgetLines, bool CanFile, bool IsSecretariat);

    /// <summary>The project a claim belongs to (for the add-line form, which names only the claim).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class ProjectOf : IRequest<Guid>
    {
        public Guid ClaimId { get; init; }
    }

    public sealed class ProjectOfHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<ProjectOf, Guid>
    {
        public async Task<Guid> Handle(ProjectOf request, CancellationToken cancellationToken) =>
            (await ClaimRules.OpenAsync(db, user, request.ClaimId, cancellationToken)).Project.Id;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ClaimId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (c, p) = await ClaimRules.OpenAsync(db, user, request.ClaimId, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var budget = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(cancellationToken);
            var lines = await db.Set<ExpenseClaimLine>().AsNoTracking().Where(l => l.ClaimId == c.Id).OrderBy(l => l.Date).ThenBy(l => l.InvoiceNumber).ToListAsync(cancellationToken);
            var usage = await ClaimRules.UsageAsync(db, p.Id, c.Id, cancellationToken);
            var options = budget.Select(b =>
            {
                var u = usage.GetValueOrDefault(b.Id);
                return new BudgetOption(b.Id, b.Item, b.Approved - u.Spent - u.Pending - lines.Where(l => l.BudgetLineId == b.Id).Sum(l => l.Amount));
            }).ToList();
            int? entryNumber = c.JournalEntryId is { } eid
                ? await db.Set<JournalEntry>().Where(e => e.Id == eid).Select(e => (int?)e.Number).SingleOrDefaultAsync(cancellationToken)
                : null;
            var secretariat = await ClaimRules.IsSecretariatAsync(user, cancellationToken);
            var canFile = secretariat || await ClaimRules.IsMemberAsync(db, user, p, cancellationToken);
            return new View(c.Id, c.Number, c.Status, c.Total, p.Id, p.Number, p.Title, organisation, p.Mode, p.StartDate, p.EndDate, c.GetFixList(),
                c.RejectionReason, entryNumber,
                lines.Select(l => new LineView(l.Id, budget.FirstOrDefault(b => b.Id == l.BudgetLineId)?.Item ?? "", l.Date, l.Payee, l.Description, l.Amount,
                    l.InvoiceNumber, l.DuplicateOverrideReason, l.ReceiptFileName)).ToList(),
                options, canFile, secretariat);
        }
    }

    /// <summary>Adds one expense to a claim; with no <see cref="ClaimId"/> it starts a new Draft claim on the project.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class AddLine : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public Guid? ClaimId { get; set; }
        public Guid BudgetLineId { get; set; }
        public string Date { get; set; } = "";
        public string Payee { get; set; } = "";
        public string Description { get; set; } = "";
        public string Amount { get; set; } = "";
        public string InvoiceNumber { get; set; } = "";
        /// <summary>Only the secretariat's reason lets a duplicate invoice number through.</summary>
        public string OverrideReason { get; set; } = "";
        public string? ReceiptFileName { get; set; }
        public byte[] ReceiptContent { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:claim:{ClaimId}:{ClaimRules.Normalise(InvoiceNumber)}";
    }

    public sealed class AddLineValidator : AbstractValidator<AddLine>
    {
        public AddLineValidator(IStringLocalizer<ClaimResource> t, IStringLocalizer<KernelResource> l)
        {
            RuleFor(c => c.BudgetLineId).NotEmpty().WithMessage(_ => t["Line.BudgetLineRequired"]);
            RuleFor(c => c.Date).ValidDate(l);
            RuleFor(c => c.Payee).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Line.PayeeRequired"])
                .Must(s => s.Trim().Length <= ExpenseClaimLine.PayeeMax).WithMessage(_ => t["Line.TooLong", ExpenseClaimLine.PayeeMax]);
            RuleFor(c => c.Description).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Line.DescriptionRequired"])
                .Must(s => s.Trim().Length <= ExpenseClaimLine.DescriptionMax).WithMessage(_ => t["Line.TooLong", ExpenseClaimLine.DescriptionMax]);
            RuleFor(c => c.Amount).ValidAmount(l);
            RuleFor(c => c.InvoiceNumber).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Line.InvoiceRequired"])
                .Must(s => ClaimRules.Normalise(s).Length <= ExpenseClaimLine.InvoiceMax).WithMessage(_ => t["Line.TooLong", ExpenseClaimLine.InvoiceMax]);
            RuleFor(c => c.OverrideReason).Must(s => s.Trim().Length <= ExpenseClaimLine.ReasonMax).WithMessage(_ => t["Line.TooLong", ExpenseClaimLine.ReasonMax]);
        }
    }

    public sealed class AddLineHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IFileStore files,
        IOptions<FileStoreOptions> options, IStringLocalizer<ClaimResource> t, IStringLocalizer<SharedResource> s) : IRequestHandler<AddLine, Guid>
    {
        public async Task<Guid> Handle(AddLine request, CancellationToken cancellationToken)
        {
            // The project's row lock before any plain read: claims of one project are checked one after another.
            await ProjectAccess.LockAsync(db, tenant, request.ProjectId, cancellationToken);
            var project = await ClaimRules.OpenForFilingAsync(db, user, request.ProjectId, cancellationToken);
            // The receipt next: a bad file is refused before anything else is looked at, and nothing is stored.
            var maxBytes = options.Value.MaxBytes;
            if (request.ReceiptFileName is null && request.ReceiptContent.Length == 0) throw ClaimRules.Refuse("Receipt", s["Upload.Required"]);
            var problem = UploadRules.Check(request.ReceiptFileName, request.ReceiptContent, maxBytes, out var file);
            if (problem != UploadProblem.None || file is null) throw ClaimRules.Refuse("Receipt", s[UploadRules.KeyOf(problem), maxBytes / (1024 * 1024)]);

            if (!ClaimRules.OpenProjectStatuses.Contains(project.Status)) throw ClaimRules.Refuse("", t["Claim.ProjectNotOpen"]);
            ExpenseClaim? claim = null;
            if (request.ClaimId is { } claimId)
            {
                claim = await db.Set<ExpenseClaim>().SingleOrDefaultAsync(c => c.Id == claimId && c.ProjectId == project.Id, cancellationToken)
                        ?? throw new NotFoundException("No such claim on this project.");
                if (!ClaimRules.Editable(claim.Status)) throw ClaimRules.Refuse("", t["Claim.NotEditable"]);
            }
            var budgetLine = await db.Set<ProjectBudgetLine>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == request.BudgetLineId && b.ProjectId == project.Id, cancellationToken)
                             ?? throw ClaimRules.Refuse(nameof(AddLine.BudgetLineId), t["Line.BudgetLineUnknown"]);
            var date = InputRules.Date(request.Date);
            if (date < project.StartDate || date > project.EndDate)
                throw ClaimRules.Refuse(nameof(AddLine.Date), t["Line.DateOutsidePeriod", Formats.Date(project.StartDate), Formats.Date(project.EndDate)]);

            var amount = InputRules.Amount(request.Amount);
            var usage = (await ClaimRules.UsageAsync(db, project.Id, claim?.Id, cancellationToken)).GetValueOrDefault(budgetLine.Id);
            var onThisClaim = claim is null ? 0m
                : await db.Set<ExpenseClaimLine>().Where(l => l.ClaimId == claim.Id && l.BudgetLineId == budgetLine.Id).SumAsync(l => l.Amount, cancellationToken);
            var remaining = budgetLine.Approved - usage.Spent - usage.Pending - onThisClaim;
            if (amount > remaining)
                throw ClaimRules.Refuse(nameof(AddLine.Amount), t["Line.OverRemaining", budgetLine.Item, Formats.Money(remaining), Formats.Money(amount)]);

            var invoice = ClaimRules.Normalise(request.InvoiceNumber);
            string? overrideReason = null;
            if (await db.Set<ExpenseClaimLine>().AnyAsync(l => l.InvoiceNumber == invoice, cancellationToken))
            {
                if (!await ClaimRules.IsSecretariatAsync(user, cancellationToken)) throw ClaimRules.Refuse(nameof(AddLine.InvoiceNumber), t["Line.DuplicateInvoice", invoice]);
                if (string.IsNullOrWhiteSpace(request.OverrideReason)) throw ClaimRules.Refuse(nameof(AddLine.OverrideReason), t["Line.DuplicateNeedsReason", invoice]);
                overrideReason = request.OverrideReason.Trim();
            }

            var now = clock.GetUtcNow();
            if (claim is null)
            {
                claim = new ExpenseClaim
                {
                    ProjectId = project.Id, Number = await GrantNumbers.NextClaimAsync(db, tenant, cancellationToken), Status = ClaimStatus.Draft,
                    CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."), CreatedAt = now,
                };
                db.Add(claim);
            }
            var key = await files.SaveAsync("receipts", file, cancellationToken);
            db.Add(new ExpenseClaimLine
            {
                ClaimId = claim.Id, BudgetLineId = budgetLine.Id, Date = date, Payee = request.Payee.Trim(), Description = request.Description.Trim(), Amount = amount,
                InvoiceNumber = invoice, DuplicateOverrideReason = overrideReason, ReceiptFileName = file.FileName, ReceiptContentType = file.ContentType,
                ReceiptStorageKey = key, ReceiptSha256 = file.Sha256,
            });
            claim.Total += amount;
            claim.Version++;
            return claim.Id;
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class RemoveLine : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        public Guid LineId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ClaimId}:line:{LineId}";
    }

    public sealed class RemoveLineHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, IFileStore files, AfterCommitMail afterCommit,
        IStringLocalizer<ClaimResource> t) : IRequestHandler<RemoveLine, Guid>
    {
        public async Task<Guid> Handle(RemoveLine request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (!ClaimRules.Editable(claim.Status)) throw ClaimRules.Refuse("", t["Claim.NotEditable"]);
            var line = await db.Set<ExpenseClaimLine>().SingleOrDefaultAsync(l => l.Id == request.LineId && l.ClaimId == claim.Id, cancellationToken)
                       ?? throw new NotFoundException("No such line on this claim.");
            db.Remove(line);
            claim.Total -= line.Amount;
            claim.Version++;
            // The receipt goes with its line, but only once the removal is committed (a rolled-back removal keeps both).
            var key = line.ReceiptStorageKey;
            afterCommit.Enqueue(db, ct => files.DeleteAsync(key, ct), $"receipt {key} of a removed claim line");
            return claim.Id;
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Submit : ICommand<ClaimStatus>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        string? IHasAuditTarget.AuditTarget => ClaimId.ToString();
    }

    public sealed class SubmitHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ClaimResource> t)
        : IRequestHandler<Submit, ClaimStatus>
    {
        public async Task<ClaimStatus> Handle(Submit request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (!ClaimRules.Editable(claim.Status)) throw ClaimRules.Refuse("", t["Claim.NotEditable"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            if (!ClaimRules.OpenProjectStatuses.Contains(project.Status)) throw ClaimRules.Refuse("", t["Claim.ProjectNotOpen"]);
            var lines = await db.Set<ExpenseClaimLine>().AsNoTracking().Where(l => l.ClaimId == claim.Id).ToListAsync(cancellationToken);
            if (lines.Count == 0) throw ClaimRules.Refuse("", t["Submit.NoLines"]);
            // Another claim may have been submitted since these lines were added: the budget is checked again, under the project's lock.
            var usage = await ClaimRules.UsageAsync(db, project.Id, claim.Id, cancellationToken);
            var budget = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(b => b.ProjectId == project.Id).ToListAsync(cancellationToken);
            foreach (var b in budget)
            {
                var mine = lines.Where(l => l.BudgetLineId == b.Id).Sum(l => l.Amount);
                var u = usage.GetValueOrDefault(b.Id);
                var remaining = b.Approved - u.Spent - u.Pending;
                if (mine > remaining) throw ClaimRules.Refuse("", t["Line.OverRemaining", b.Item, Formats.Money(remaining), Formats.Money(mine)]);
            }
            claim.Status = ClaimStatus.Submitted;
            claim.SubmittedAt = clock.GetUtcNow();
            claim.Version++;
            var projectName = Handoffs.Name(project.Number, project.Title);
            await handoffs.OpenStepAsync(TimedStep.ClaimReview, claim.Id, $"#{claim.Number} · {projectName}", "/claims/" + claim.Id, TenantRole.Secretariat, cancellationToken);
            await handoffs.TellRoleAsync(TenantRole.Secretariat, "ClaimSubmitted", "/claims/" + claim.Id, cancellationToken, claim.Number, projectName, Formats.Money(claim.Total));
            return claim.Status;
        }
    }

    public enum ReviewAction { Approve = 1, Reject = 2, Return = 3 }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Review : ICommand<ClaimStatus>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        public ReviewAction Action { get; set; }
        public string Reason { get; set; } = "";
        /// <summary>The one-time list of fixes, one per line.</summary>
        public string Fixes { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ClaimId}:{Action}";
    }

    public sealed class ReviewHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, ApprovalService approvals,
        Handoffs handoffs, IStringLocalizer<ClaimResource> t) : IRequestHandler<Review, ClaimStatus>
    {
        public async Task<ClaimStatus> Handle(Review request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (claim.Status != ClaimStatus.Submitted) throw ClaimRules.Refuse("", t["Review.NotSubmitted"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            switch (request.Action)
            {
                case ReviewAction.Approve:
                    string summary;
                    using (Cultures.Use(Cultures.Chinese)) summary = t["Review.ApprovalSummary", claim.Number, project.Number, project.Title, Formats.Money(claim.Total)].Value;
                    var approval = await approvals.RequestAsync(ApprovalKind.ClaimPayment, claim.Id, project.OrganisationId, claim.Total, summary, cancellationToken);
                    claim.ApprovalRequestId = approval.Id;
                    claim.Status = ClaimStatus.AwaitingApproval;
                    break;
                case ReviewAction.Reject:
                    var reason = request.Reason.Trim();
                    if (reason.Length == 0) throw ClaimRules.Refuse("", t["Review.ReasonRequired"]);
                    if (reason.Length > ExpenseClaim.ReasonMax) throw ClaimRules.Refuse("", t["Line.TooLong", ExpenseClaim.ReasonMax]);
                    claim.RejectionReason = reason;
                    claim.Status = ClaimStatus.Rejected;
                    break;
                case ReviewAction.Return:
                    if (claim.FixListJson is not null) throw ClaimRules.Refuse("", t["Review.AlreadyReturned"]);
                    var fixes = request.Fixes.Split('\n').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
                    if (fixes.Count == 0) throw ClaimRules.Refuse("", t["Review.FixesRequired"]);
                    if (fixes.Sum(x => x.Length) > 4000) throw ClaimRules.Refuse("", t["Line.TooLong", 4000]);
                    claim.SetFixList(fixes);
                    claim.Status = ClaimStatus.Returned;
                    break;
                default:
                    throw ClaimRules.Refuse("", t["Review.UnknownAction"]);
            }
            claim.ReviewedBy = user.UserId;
            claim.ReviewedAt = clock.GetUtcNow();
            claim.Version++;
            await handoffs.CloseStepAsync(TimedStep.ClaimReview, claim.Id, cancellationToken);
            var projectName = Handoffs.Name(project.Number, project.Title);
            if (claim.Status == ClaimStatus.Returned)
                await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimReturned", "/claims/" + claim.Id, cancellationToken,
                    claim.Number, projectName, Handoffs.List(claim.GetFixList()));
            if (claim.Status == ClaimStatus.Rejected)
                await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimRejected", "/claims/" + claim.Id, cancellationToken,
                    claim.Number, projectName, claim.RejectionReason ?? "");
            return claim.Status;
        }
    }

    public sealed record Settled(Guid ClaimId, long EntryId, int EntryNumber);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Settle : ICommand<Settled>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public Guid ClaimId { get; set; }
        public string SettledOn { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => ClaimId.ToString();
    }

    public sealed class SettleValidator : AbstractValidator<Settle>
    {
        public SettleValidator(IStringLocalizer<ClaimResource> t, IStringLocalizer<KernelResource> k, TimeProvider clock)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.SettledOn).Cascade(CascadeMode.Stop).ValidDate(k)
                .Must(d => InputRules.Date(d) <= clock.Today()).WithMessage(_ => t["Settle.DateInFuture"]);
        }
    }

    public sealed class SettleHandler(LedgerService ledger, AppDbContext db, ITenantContext tenant, ICurrentUser user,
        TimeProvider clock, Handoffs handoffs, IStringLocalizer<ClaimResource> t) : IRequestHandler<Settle, Settled>
    {
        public async Task<Settled> Handle(Settle request, CancellationToken cancellationToken)
        {
            var date = InputRules.Date(request.SettledOn);
            // The project's row lock first: settlements of one project go one after another and each sees the others' result.
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (claim.Status == ClaimStatus.Settled) throw ClaimRules.Refuse("", t["Settle.AlreadySettled"]);
            if (claim.Status != ClaimStatus.Approved) throw ClaimRules.Refuse("", t["Settle.NotApproved"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            var advance = project.Mode == FundingMode.Advance;
            if (advance)
            {
                var outstanding = await AdvanceCloseOut.OutstandingAsync(db, project, cancellationToken);
                if (claim.Total > outstanding) throw ClaimRules.Refuse("", t["Settle.OverOutstandingAdvance", Formats.Money(outstanding), Formats.Money(claim.Total)]);
            }
            var expense = await ledger.SystemAccountAsync(ChartOfAccounts.ProjectExpense, cancellationToken);
            string description;
            using (Cultures.Use(Cultures.Chinese))
                description = t[advance ? "Settle.WriteOffDescription" : "Settle.ReimburseDescription", project.Number, project.Title, claim.Number].Value;
            PostedEntry entry;
            try
            {
                entry = await ledger.PayOutAsync(new PayOut(project.PayingFundId, claim.Total, expense, date, description,
                    advance ? EntryKind.AdvanceWriteOff : EntryKind.Reimbursement, ClaimSource.Type, claim.Id,
                    CreditAccountKey: advance ? ChartOfAccounts.Advances : ChartOfAccounts.Bank), cancellationToken);
            }
            catch (ValidationException)
            {
                // The ledger's overdraft guard: another payment from the fund got there first.
                throw ClaimRules.Refuse("", t[advance ? "Settle.AdvanceCannotCover" : "Settle.FundCannotCover", Formats.Money(claim.Total)]);
            }
            claim.Status = ClaimStatus.Settled;
            claim.SettledAt = clock.GetUtcNow();
            claim.JournalEntryId = entry.Id;
            claim.Version++;
            await handoffs.CloseStepAsync(TimedStep.Payment, claim.Id, cancellationToken);
            await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimSettled", "/claims/" + claim.Id, cancellationToken,
                claim.Number, Handoffs.Name(project.Number, project.Title), Formats.Money(claim.Total));
            return new Settled(claim.Id, entry.Id, entry.Number);
        }
    }
}

/// <summary>Loads a claim for a change, after its project's row lock; 404 other tenants, 403 users who may not file on the project.</summary>
internal static class Filing
{
    public static async Task<ExpenseClaim> LockClaimAsync(AppDbContext db, ITenantContext tenant, ICurrentUser user, Guid claimId, CancellationToken ct)
    {
        // The project's row lock before the transaction's first plain read, so every read after it sees what earlier changes committed.
        await ClaimRules.LockProjectOfClaimAsync(db, tenant, claimId, ct);
        var claim = await db.Set<ExpenseClaim>().SingleOrDefaultAsync(c => c.Id == claimId, ct) ?? throw new NotFoundException("No such claim in this tenant.");
        await ClaimRules.OpenForFilingAsync(db, user, claim.ProjectId, ct);
        return claim;
    }
}
