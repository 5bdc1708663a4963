using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Donations;

/// <summary>The printable donation receipt (捐赠票据), with the amount in figures and in capital numerals; voiding reverses the donation.</summary>
public class ReceiptModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public VoidCommand Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    public bool CanVoid => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync() => await ReloadAsync();

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { DonationId = Id });

    public async Task<IActionResult> OnPostVoidAsync()
    {
        Input.DonationId = Id;
        if (string.IsNullOrEmpty(Input.Date)) Input.Date = Formats.Date(clock.Today());
        await mediator.Send(Input);
        return RedirectToPage(new { tenant = tenant.Current!.Identifier, id = Id });
    }

    public sealed record View(
        Guid DonationId, int? Number, DateOnly Date, string Donor, DonorKind DonorKind, string FundZh, string FundCode, decimal Amount,
        DonationChannel Channel, string? Note, long EntryId, DateTimeOffset? VoidedAt, string? VoidReason, long? VoidReversalEntryId)
    {
        public string Capital => ChineseAmount.ToCapital(Amount);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid DonationId { get; init; }
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken) =>
            await (
                from d in db.Set<Donation>()
                join donor in db.Set<Donor>() on d.DonorId equals donor.Id
                join fund in db.Set<Fund>() on d.FundId equals fund.Id
                join r in db.Set<DonationReceipt>() on d.Id equals r.DonationId into receipts
                from r in receipts.DefaultIfEmpty()
                where d.Id == request.DonationId
                select new View(d.Id, r != null ? r.Number : null, d.Date, donor.Name, donor.Kind, fund.NameZh, fund.Code, d.Amount, d.Channel, d.Note, d.EntryId,
                    r != null ? r.VoidedAt : null, r != null ? r.VoidReason : null, r != null ? r.VoidReversalEntryId : null))
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("No such donation in this tenant.");
    }

    /// <summary>Voiding a receipt reverses its donation in the books; both happen together or not at all.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class VoidCommand : ICommand<long>, IHasAuditTarget
    {
        public Guid DonationId { get; set; }
        public string Reason { get; set; } = "";
        public string Date { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => DonationId.ToString();
    }

    public sealed class VoidValidator : AbstractValidator<VoidCommand>
    {
        public VoidValidator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l)
        {
            RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => l["Receipt.VoidReasonRequired"]).MaximumLength(200).WithMessage(_ => l["Field.TooLong", 200]);
            RuleFor(c => c.Date).ValidDate(k);
        }
    }

    public sealed class VoidHandler(AppDbContext db, LedgerService ledger, TimeProvider clock, IStringLocalizer<LedgerResource> l) : IRequestHandler<VoidCommand, long>
    {
        public async Task<long> Handle(VoidCommand request, CancellationToken cancellationToken)
        {
            var donation = await db.Set<Donation>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DonationId, cancellationToken)
                           ?? throw new NotFoundException("No such donation in this tenant.");
            var receipt = await db.Set<DonationReceipt>().SingleAsync(r => r.DonationId == donation.Id, cancellationToken);
            if (receipt.VoidedAt is not null) throw Refusal.Because(l["Receipt.AlreadyVoided"]);
            string reason;
            using (Cultures.Use(Cultures.Chinese)) reason = l["Receipt.VoidEntryReason", receipt.Number, request.Reason.Trim()];
            var reversal = await ledger.ReverseAsync(donation.EntryId, InputRules.Date(request.Date), reason, cancellationToken);
            receipt.VoidedAt = clock.GetUtcNow();
            receipt.VoidReason = request.Reason.Trim();
            receipt.VoidReversalEntryId = reversal.Id;
            return reversal.Id;
        }
    }
}
