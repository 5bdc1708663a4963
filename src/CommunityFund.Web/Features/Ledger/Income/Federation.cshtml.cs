using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>慈善总会拨款: a grant from the city or district charity federation under an agreement (Dr bank / Cr federation grant income).</summary>
public class FederationModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];

    public async Task OnGetAsync(Guid? fund)
    {
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.Date = Formats.Date(clock.Today());
        if (fund is { } f) Input.FundId = f.ToString();
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var recorded = await mediator.Send(Input);
        TempData["Notice"] = s["Income.Recorded", recorded.EntryNumber].Value;
        return RedirectToPage("/Ledger/Income/Index", new { tenant = tenant.Current!.Identifier });
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
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.Federation).Must(f => InstitutionalIncomePosting.TryFederation(f, out _)).WithMessage(_ => s["Income.FederationUnknown"]);
            RuleFor(c => c.AgreementReference).RequiredText(100, s, "Income.AgreementRequired");
            RuleFor(c => c.Purpose).OptionalText(500, s);
            RuleFor(c => c.FundId).ExistingFundId(db, l, s);
            RuleFor(c => c.Amount).ValidAmount(k);
            RuleFor(c => c.Date).ValidDate(k);
        }
    }

    public sealed class Handler(LedgerService ledger, AppDbContext db, ICurrentUser user, TimeProvider clock,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, RecordedIncome>
    {
        public Task<RecordedIncome> Handle(Command request, CancellationToken cancellationToken)
        {
            InstitutionalIncomePosting.TryFederation(request.Federation, out var federation);
            var income = new InstitutionalIncome
            {
                Kind = InstitutionalIncomeKind.FederationGrant,
                Source = InstitutionalIncomePosting.SourceName(federation),
                Reference = request.AgreementReference.Trim(),
                Purpose = SourceDocumentRules.OrNull(request.Purpose),
                FundId = SourceDocumentRules.Id(request.FundId),
                Amount = InputRules.Amount(request.Amount),
                Date = InputRules.Date(request.Date),
                RecordedAt = clock.GetUtcNow(),
                RecordedBy = user.UserId ?? Guid.Empty,
            };
            var description = s["Income.FederationEntry", s["Federation." + federation].Value, income.Reference].Value;
            return InstitutionalIncomePosting.RecordAsync(income, description, db, ledger, cancellationToken);
        }
    }
}
