using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>
/// The secretariat prepares a transfer between funds. It goes to the committee through the one approval component
/// (the tenant's amount thresholds decide how many approvals it needs); nothing moves until it is approved.
/// </summary>
public class CreateModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];

    public async Task OnGetAsync(Guid? from, Guid? to)
    {
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.Date = Formats.Date(clock.Today());
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

    public async Task ReloadAsync() => Funds = await mediator.Send(new Query());

    /// <summary>The funds the form offers; read by the same role as the command.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<IReadOnlyList<FundOption>>;

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, IReadOnlyList<FundOption>>
    {
        public async Task<IReadOnlyList<FundOption>> Handle(Query request, CancellationToken cancellationToken) =>
            await LedgerLookups.FundsAsync(db, cancellationToken);
    }

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
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.FromFundId).ExistingFundId(db, l, s);
            RuleFor(c => c.ToFundId).Cascade(CascadeMode.Stop)
                .ExistingFundId(db, l, s)
                .Must((c, to) => !(SourceDocumentRules.TryId(c.FromFundId, out var from) && SourceDocumentRules.TryId(to, out var into) && from == into))
                .WithMessage(_ => s["Transfers.SameFund"]);
            RuleFor(c => c.Amount).ValidAmount(k);
            RuleFor(c => c.Date).ValidDate(k);
            RuleFor(c => c.Reason).RequiredText(500, s, "Transfers.ReasonRequired");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, ApprovalService approvals,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var transfer = new FundTransferRequest
            {
                FromFundId = SourceDocumentRules.Id(request.FromFundId),
                ToFundId = SourceDocumentRules.Id(request.ToFundId),
                Amount = InputRules.Amount(request.Amount),
                Date = InputRules.Date(request.Date),
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
        }
    }
}
