using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Donations;

/// <summary>The secretariat records a donation; it posts one entry and issues the next receipt number.</summary>
public class RecordModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, DonorKind Kind)> Donors { get; private set; } = [];

    public async Task OnGetAsync(Guid? fund, Guid? donor)
    {
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.Date = Formats.Date(clock.Today());
        if (fund is { } f) Input.FundId = f;
        if (donor is { } d) Input.DonorId = d;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var recorded = await mediator.Send(Input);
        return RedirectToPage("/Ledger/Donations/Receipt", new { tenant = tenant.Current!.Identifier, id = recorded.DonationId });
    }

    public async Task ReloadAsync() => (Funds, Donors) = await mediator.Send(new Query());

    public sealed record Lookups(IReadOnlyList<FundOption> Funds, IReadOnlyList<(Guid Id, string Name, DonorKind Kind)> Donors);

    /// <summary>The form's funds and donor picker. Donor names are the register's: only who records donations reads them here.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<Lookups>;

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Lookups>
    {
        public async Task<Lookups> Handle(Query request, CancellationToken cancellationToken)
        {
            var funds = await LedgerLookups.FundsAsync(db, cancellationToken);
            var donors = (await db.Set<Donor>().AsNoTracking().Where(d => d.Kind != DonorKind.Anonymous).OrderBy(d => d.Name).Take(500)
                .Select(d => new { d.Id, d.Name, d.Kind }).ToListAsync(cancellationToken)).Select(d => (d.Id, d.Name, d.Kind)).ToList();
            return new Lookups(funds, donors);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<RecordedDonation>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        /// <summary>An existing donor from the register; when empty, the kind and name below describe a new one.</summary>
        public Guid? DonorId { get; set; }
        public string DonorKind { get; set; } = nameof(Ledger.DonorKind.Individual);
        public string DonorName { get; set; } = "";
        public string DonorContact { get; set; } = "";
        public string Amount { get; set; } = "";
        public string Channel { get; set; } = nameof(DonationChannel.BankTransfer);
        public Guid FundId { get; set; }
        public string Date { get; set; } = "";
        public bool PublicListingConsent { get; set; }
        public string Note { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{Amount}→{FundId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.Amount).ValidAmount(k);
            RuleFor(c => c.FundId).ExistingFund(db, l);
            RuleFor(c => c.Date).ValidDate(k);
            RuleFor(c => c.Channel).Must(c => DonationEnums.TryChannel(c, out _)).WithMessage(_ => l["Donations.ChannelUnknown"]);
            RuleFor(c => c.DonorId).MustAsync(async (id, ct) => id is null || await db.Set<Donor>().AnyAsync(d => d.Id == id, ct))
                .WithMessage(_ => l["Donations.DonorUnknown"]);
            When(c => c.DonorId is null, () =>
            {
                RuleFor(c => c.DonorKind).Must(k => DonationEnums.TryDonorKind(k, out _)).WithMessage(_ => l["Donations.DonorKindUnknown"]);
                RuleFor(c => c.DonorName).NotEmpty().When(c => c.DonorKind != nameof(Ledger.DonorKind.Anonymous))
                    .WithMessage(_ => l["Donations.DonorNameRequired"]);
            });
            RuleFor(c => c.DonorName).MaximumLength(200).WithMessage(_ => l["Field.TooLong", 200]);
            RuleFor(c => c.DonorContact).MaximumLength(100).WithMessage(_ => l["Field.TooLong", 100]);
            RuleFor(c => c.Note).MaximumLength(500).WithMessage(_ => l["Field.TooLong", 500]);
        }
    }

    public sealed class Handler(DonationPosting posting) : IRequestHandler<Command, RecordedDonation>
    {
        public Task<RecordedDonation> Handle(Command request, CancellationToken cancellationToken)
        {
            DonationEnums.TryDonorKind(request.DonorKind, out var kind);
            DonationEnums.TryChannel(request.Channel, out var channel);
            return posting.RecordAsync(new DonationInput(
                request.DonorId, kind, request.DonorName, request.DonorContact, InputRules.Amount(request.Amount), channel,
                request.FundId, InputRules.Date(request.Date), request.PublicListingConsent, request.Note), cancellationToken);
        }
    }
}

public static class DonationEnums
{
    public static bool TryDonorKind(string? text, out DonorKind kind) => TryName(text, out kind);
    public static bool TryChannel(string? text, out DonationChannel channel) => TryName(text, out channel);

    /// <summary>Enum members by name only: numbers and unknown names are refused.</summary>
    private static bool TryName<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsDigit) && Enum.TryParse(text.Trim(), true, out value) && Enum.IsDefined(value);
    }
}
