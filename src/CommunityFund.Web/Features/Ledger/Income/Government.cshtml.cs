using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>财政拨款: the secretariat records money the government transferred into a fund (Dr bank / Cr government transfer income).</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public class GovernmentModel(IMediator mediator, AppDbContext db, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<LedgerLookups.FundOption> Funds { get; private set; } = [];

    public async Task OnGetAsync(Guid? fund)
    {
        Input.IdempotencyKey = LedgerRules.NewIdempotencyKey();
        Input.Date = SourceDocumentRules.Today(clock);
        if (fund is { } f) Input.FundId = f.ToString();
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var recorded = await mediator.Send(Input);
        TempData["Notice"] = s["Income.Recorded", recorded.EntryNumber].Value;
        return RedirectToPage("/Ledger/Income/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync() => Funds = await LedgerLookups.FundsAsync(db);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<RecordedIncome>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public string Department { get; set; } = "";
        /// <summary>文号 of the transfer document, e.g. 沙财社〔2021〕12号.</summary>
        public string DocumentNumber { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string FundId { get; set; } = "";
        public string Amount { get; set; } = "";
        public string Date { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{DocumentNumber}:{Amount}→{FundId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
            RuleFor(c => c.Department).RequiredText(200, s, "Income.DepartmentRequired");
            RuleFor(c => c.DocumentNumber).RequiredText(100, s, "Income.DocumentNumberRequired");
            RuleFor(c => c.Purpose).OptionalText(500, s);
            RuleFor(c => c.FundId).ExistingFundId(db, l, s);
            RuleFor(c => c.Amount).ValidAmount(l);
            RuleFor(c => c.Date).ValidDate(l);
        }
    }

    public sealed class Handler(Idempotency idempotency, LedgerService ledger, AppDbContext db, ICurrentUser user, TimeProvider clock,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, RecordedIncome>
    {
        public Task<RecordedIncome> Handle(Command request, CancellationToken cancellationToken) =>
            idempotency.RunAsync(request, () =>
            {
                var income = new InstitutionalIncome
                {
                    Kind = InstitutionalIncomeKind.GovernmentTransfer,
                    Source = request.Department.Trim(),
                    Reference = request.DocumentNumber.Trim(),
                    Purpose = SourceDocumentRules.OrNull(request.Purpose),
                    FundId = SourceDocumentRules.Id(request.FundId),
                    Amount = LedgerRules.Amount(request.Amount),
                    Date = LedgerRules.Date(request.Date),
                    RecordedAt = clock.GetUtcNow(),
                    RecordedBy = user.UserId ?? Guid.Empty,
                };
                var description = s["Income.GovernmentEntry", income.Source, income.Reference].Value;
                return InstitutionalIncomePosting.RecordAsync(income, description, db, ledger, cancellationToken);
            }, cancellationToken);
    }
}
