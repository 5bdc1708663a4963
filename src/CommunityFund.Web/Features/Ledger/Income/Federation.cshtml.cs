using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>慈善总会拨款: a grant from the city or district charity federation under an agreement (Dr bank / Cr federation grant income).</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.Secretariat)]
public class FederationModel(IMediator mediator, AppDbContext db, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
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
        /// <summary>City or District (bound as text so an unknown value gets a message, not a default).</summary>
        public string Federation { get; set; } = nameof(InstitutionalIncomePosting.Federation.City);
        public string AgreementReference { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string FundId { get; set; } = "";
        public string Amount { get; set; } = "";
        public string Date { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{AgreementReference}:{Amount}→{FundId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
            RuleFor(c => c.Federation).Must(f => InstitutionalIncomePosting.TryFederation(f, out _)).WithMessage(_ => s["Income.FederationUnknown"]);
            RuleFor(c => c.AgreementReference).RequiredText(100, s, "Income.AgreementRequired");
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
                InstitutionalIncomePosting.TryFederation(request.Federation, out var federation);
                var income = new InstitutionalIncome
                {
                    Kind = InstitutionalIncomeKind.FederationGrant,
                    Source = InstitutionalIncomePosting.SourceName(federation),
                    Reference = request.AgreementReference.Trim(),
                    Purpose = SourceDocumentRules.OrNull(request.Purpose),
                    FundId = SourceDocumentRules.Id(request.FundId),
                    Amount = LedgerRules.Amount(request.Amount),
                    Date = LedgerRules.Date(request.Date),
                    RecordedAt = clock.GetUtcNow(),
                    RecordedBy = user.UserId ?? Guid.Empty,
                };
                var description = s["Income.FederationEntry", s["Federation." + federation].Value, income.Reference].Value;
                return InstitutionalIncomePosting.RecordAsync(income, description, db, ledger, cancellationToken);
            }, cancellationToken);
    }
}
