using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Adds one expense line to a Draft or Returned claim (its form is on the claim page, which is shown again with the errors).</summary>
public class AddLineModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock)
    : ClaimScreen(mediator, tenant, clock)
{
    /// <summary>The form lives on the claim page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToClaimAsync(id);

    [BindProperty] public AddLine Input { get; set; } = new();

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? receipt, [FromServices] IOptions<FileStoreOptions> options)
    {
        ClaimId = id;
        Input.ClaimId = id;
        Input.ProjectId = await Mediator.Send(new ProjectOf { ClaimId = id });
        Input.ReceiptContent = receipt is null ? [] : await UploadRules.ReadLimitedAsync(receipt, options.Value.MaxBytes, HttpContext.RequestAborted);
        Input.ReceiptFileName = receipt?.FileName;
        await Mediator.Send(Input);
        return Done(id, t["Detail.LineAddedNotice"]);
    }

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
            if (request.ReceiptFileName is null && request.ReceiptContent.Length == 0) throw Refusal.Because(s["Upload.Required"], "Receipt");
            var problem = UploadRules.Check(request.ReceiptFileName, request.ReceiptContent, maxBytes, out var file);
            if (problem != UploadProblem.None || file is null) throw Refusal.Because(s[UploadRules.KeyOf(problem), maxBytes / (1024 * 1024)], "Receipt");

            if (!ClaimRules.OpenProjectStatuses.Contains(project.Status)) throw Refusal.Because(t["Claim.ProjectNotOpen"]);
            ExpenseClaim? claim = null;
            if (request.ClaimId is { } claimId)
            {
                claim = await db.Set<ExpenseClaim>().SingleOrDefaultAsync(c => c.Id == claimId && c.ProjectId == project.Id, cancellationToken)
                        ?? throw new NotFoundException("No such claim on this project.");
                if (!ClaimRules.Editable(claim.Status)) throw Refusal.Because(t["Claim.NotEditable"]);
            }
            var budgetLine = await db.Set<ProjectBudgetLine>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == request.BudgetLineId && b.ProjectId == project.Id, cancellationToken)
                             ?? throw Refusal.Because(t["Line.BudgetLineUnknown"], nameof(AddLine.BudgetLineId));
            var date = InputRules.Date(request.Date);
            if (date < project.StartDate || date > project.EndDate)
                throw Refusal.Because(t["Line.DateOutsidePeriod", Formats.Date(project.StartDate), Formats.Date(project.EndDate)], nameof(AddLine.Date));

            var amount = InputRules.Amount(request.Amount);
            var usage = (await ClaimRules.UsageAsync(db, project.Id, claim?.Id, cancellationToken)).GetValueOrDefault(budgetLine.Id);
            var onThisClaim = claim is null ? 0m
                : await db.Set<ExpenseClaimLine>().Where(l => l.ClaimId == claim.Id && l.BudgetLineId == budgetLine.Id).SumAsync(l => l.Amount, cancellationToken);
            var remaining = budgetLine.Approved - usage.Spent - usage.Pending - onThisClaim;
            if (amount > remaining)
                throw Refusal.Because(t["Line.OverRemaining", budgetLine.Item, Formats.Money(remaining), Formats.Money(amount)], nameof(AddLine.Amount));

            var invoice = ClaimRules.Normalise(request.InvoiceNumber);
            string? overrideReason = null;
            if (await db.Set<ExpenseClaimLine>().AnyAsync(l => l.InvoiceNumber == invoice, cancellationToken))
            {
                if (!await ClaimRules.IsSecretariatAsync(user, cancellationToken)) throw Refusal.Because(t["Line.DuplicateInvoice", invoice], nameof(AddLine.InvoiceNumber));
                if (string.IsNullOrWhiteSpace(request.OverrideReason)) throw Refusal.Because(t["Line.DuplicateNeedsReason", invoice], nameof(AddLine.OverrideReason));
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
}
