using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>
/// The secretariat prepares a transfer between funds. It goes to the committee through the one approval component
/// (the tenant's amount thresholds decide how many approvals it needs); nothing moves until it is approved.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public class CreateModel(IMediator mediator, AppDbContext db, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<LedgerLookups.FundOption> Funds { get; private set; } = [];

    public async Task OnGetAsync(Guid? from, Guid? to)
    {
        Input.IdempotencyKey = LedgerRules.NewIdempotencyKey();
        Input.Date = SourceDocumentRules.Today(clock);
        if (from is { } f) Input.FromFundId = f.ToString();
        if (to is { } t) Input.ToFundId = t.ToString();
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = s["Transfers.Prepared"].Value;
        return RedirectToPage("/Ledger/Transfers/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Funds = await LedgerLookups.FundsAsync(db);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public string FromFundId { get; set; } = "";
        public string ToFundId { get; set; } = "";
        public string Amount { get; set; } = "";
        public string Date { get; set; } = "";
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{FromFundId}→{ToFundId}:{Amount}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
            RuleFor(c => c.FromFundId).ExistingFundId(db, l, s);
            RuleFor(c => c.ToFundId).Cascade(CascadeMode.Stop)
                .ExistingFundId(db, l, s)
                .Must((c, to) => !(SourceDocumentRules.TryId(c.FromFundId, out var from) && SourceDocumentRules.TryId(to, out var into) && from == into))
                .WithMessage(_ => s["Transfers.SameFund"]);
            RuleFor(c => c.Amount).ValidAmount(l);
            RuleFor(c => c.Date).ValidDate(l);
            RuleFor(c => c.Reason).RequiredText(500, s, "Transfers.ReasonRequired");
        }
    }

    public sealed class Handler(Idempotency idempotency, AppDbContext db, ICurrentUser user, TimeProvider clock, ApprovalService approvals,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken) =>
            idempotency.RunAsync(request, async () =>
            {
                var transfer = new FundTransferRequest
                {
                    FromFundId = SourceDocumentRules.Id(request.FromFundId),
                    ToFundId = SourceDocumentRules.Id(request.ToFundId),
                    Amount = LedgerRules.Amount(request.Amount),
                    Date = LedgerRules.Date(request.Date),
                    Reason = request.Reason.Trim(),
                    Status = TransferStatus.Pending,
                    PreparedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                    PreparedAt = clock.GetUtcNow(),
                };
                db.Add(transfer);
                var names = await db.Set<Fund>().AsNoTracking().Where(f => f.Id == transfer.FromFundId || f.Id == transfer.ToFundId)
                    .ToDictionaryAsync(f => f.Id, f => f.NameZh, cancellationToken);
                string summary;
                using (Cultures.Use(Cultures.Chinese))
                    summary = Formats.Clip(s["Transfers.ApprovalSummary", names.GetValueOrDefault(transfer.FromFundId, "?"),
                        names.GetValueOrDefault(transfer.ToFundId, "?"), Formats.Money(transfer.Amount), transfer.Reason].Value, ApprovalRequest.SummaryMax);
                // The one way a money request starts; the request is found again by (FundTransfer, transfer id).
                await approvals.RequestAsync(ApprovalKind.FundTransfer, transfer.Id, null, transfer.Amount, summary, cancellationToken);
                return transfer.Id;
            }, cancellationToken);
    }
}
