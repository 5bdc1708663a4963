using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.InKind;

/// <summary>
/// 物资捐赠: goods appraised line by line (quantity × unit value), received into the fund's inventory. Posts
/// Dr inventory / Cr in-kind donation income for the total and records one inventory movement per line.
/// </summary>
public class RecordModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    public const int MaxLines = 50;
    /// <summary>The picker lists this many donors; the register's own pages search the rest.</summary>
    public const int DonorPickerLimit = 1000;

    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];
    public IReadOnlyList<DonorOption> Donors { get; private set; } = [];

    public sealed record DonorOption(Guid Id, string Name, DonorKind Kind);

    public async Task OnGetAsync(Guid? fund, Guid? donor)
    {
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.Date = Formats.Date(clock.Today());
        if (fund is { } f) Input.FundId = f.ToString();
        if (donor is { } d) Input.DonorId = d.ToString();
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Rows left completely blank are spare rows of the form, not items.
        var filled = Input.Items.Where(i => !i.IsBlank()).ToList();
        if (filled.Count != Input.Items.Count)
        {
            Input.Items = filled;
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Items[", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        }
        var recorded = await mediator.Send(Input);
        TempData["Notice"] = s["InKind.Recorded", Formats.Money(recorded.Total), recorded.EntryNumber].Value;
        return RedirectToPage("/Ledger/InKind/Index", new { tenant = tenant.Current!.Identifier });
    }

    /// <summary>Without JavaScript, "add a line" posts back here: one more empty row, nothing saved.</summary>
    public async Task<IActionResult> OnPostAddLineAsync()
    {
        ModelState.Clear();
        if (Input.Items.Count < MaxLines) Input.Items.Add(new ItemLine());
        await ReloadAsync();
        return Page();
    }

    public async Task ReloadAsync()
    {
        if (Input.Items.Count == 0) Input.Items.Add(new ItemLine());
        (Funds, Donors) = await mediator.Send(new Query());
    }

    public sealed record Lookups(IReadOnlyList<FundOption> Funds, IReadOnlyList<DonorOption> Donors);

    /// <summary>The form's funds and donor picker. Donor names are the register's: only who records donations reads them here.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<Lookups>;

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Lookups>
    {
        public async Task<Lookups> Handle(Query request, CancellationToken cancellationToken) =>
            new(await LedgerLookups.FundsAsync(db, cancellationToken),
                await db.Set<Donor>().AsNoTracking().Where(d => d.Kind != DonorKind.Anonymous).OrderBy(d => d.Name).Take(DonorPickerLimit)
                    .Select(d => new DonorOption(d.Id, d.Name, d.Kind)).ToListAsync(cancellationToken));
    }

    public sealed record Recorded(Guid DonationId, long EntryId, int EntryNumber, decimal Total);

    public sealed class ItemLine
    {
        public string Name { get; set; } = "";
        /// <summary>Up to three decimals (e.g. 12.5 kg).</summary>
        public string Quantity { get; set; } = "";
        public string Unit { get; set; } = "";
        /// <summary>Appraised value of one unit, in yuan.</summary>
        public string UnitValue { get; set; } = "";

        public bool IsBlank() =>
            string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Quantity) && string.IsNullOrWhiteSpace(Unit) && string.IsNullOrWhiteSpace(UnitValue);

        public bool TryValue(out decimal quantity, out decimal unitValue, out decimal subtotal)
        {
            subtotal = 0;
            unitValue = 0;
            var ok = QuantityInput.Parse(Quantity, out quantity) == QuantityInput.Problem.None
                     & MoneyInput.Parse(UnitValue, out unitValue) == MoneyInput.Problem.None;
            if (ok) subtotal = QuantityInput.Subtotal(quantity, unitValue);
            return ok;
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Recorded>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        /// <summary>A donor from the register; when empty, the kind and name below describe a new one.</summary>
        public string DonorId { get; set; } = "";
        public string DonorKind { get; set; } = nameof(Ledger.DonorKind.Enterprise);
        public string DonorName { get; set; } = "";
        public string FundId { get; set; } = "";
        public string Date { get; set; } = "";
        /// <summary>How the goods were valued (invoice, market price, appraisal …).</summary>
        public string ValuationBasis { get; set; } = "";
        public List<ItemLine> Items { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{Items.Count} items→{FundId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.DonorId)
                .MustAsync(async (text, ct) => string.IsNullOrWhiteSpace(text) ||
                                               (SourceDocumentRules.TryId(text, out var id) && await db.Set<Donor>().AnyAsync(d => d.Id == id, ct)))
                .WithMessage(_ => s["InKind.DonorUnknown"]);
            When(c => string.IsNullOrWhiteSpace(c.DonorId), () =>
            {
                RuleFor(c => c.DonorKind).Must(k => TryDonorKind(k, out _)).WithMessage(_ => s["InKind.DonorKindUnknown"]);
                RuleFor(c => c.DonorName).Must(n => !string.IsNullOrWhiteSpace(n))
                    .When(c => !TryDonorKind(c.DonorKind, out var kind) || kind != Ledger.DonorKind.Anonymous)
                    .WithMessage(_ => s["InKind.DonorNameRequired"]);
            });
            RuleFor(c => c.DonorName).OptionalText(200, s);
            RuleFor(c => c.FundId).ExistingFundId(db, l, s);
            RuleFor(c => c.Date).ValidDate(k);
            RuleFor(c => c.ValuationBasis).RequiredText(500, s, "InKind.ValuationBasisRequired");
            RuleFor(c => c.Items).Cascade(CascadeMode.Stop)
                .Must(items => items is { Count: > 0 }).WithMessage(_ => s["InKind.ItemsRequired"])
                .Must(items => items.Count <= MaxLines).WithMessage(_ => s["InKind.TooManyItems", MaxLines])
                .Must(items => !items.All(i => i.TryValue(out _, out _, out _)) || items.Sum(Subtotal) <= MoneyInput.Max)
                .WithMessage(_ => s["InKind.TotalTooLarge", Formats.Money(MoneyInput.Max)]);
            RuleForEach(c => c.Items).ChildRules(line =>
            {
                line.RuleFor(x => x.Name).RequiredText(100, s, "InKind.ItemNameRequired");
                line.RuleFor(x => x.Unit).RequiredText(20, s, "InKind.UnitRequired");
                line.RuleFor(x => x.Quantity).ValidQuantity(s);
                // 0.001 kg at ¥1.00 is worth less than a fen: such a line would post nothing.
                line.RuleFor(x => x.Quantity).Must((x, quantity) => !x.TryValue(out _, out _, out var subtotal) || subtotal > 0)
                    .WithMessage(_ => s["InKind.SubtotalZero"]);
                line.RuleFor(x => x.UnitValue).ValidAmount(k);
            });
        }

        private static decimal Subtotal(ItemLine line) => line.TryValue(out _, out _, out var subtotal) ? subtotal : 0;
    }

    public static bool TryDonorKind(string? text, out DonorKind kind)
    {
        kind = default;
        return !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsDigit) && Enum.TryParse(text.Trim(), true, out kind) && Enum.IsDefined(kind);
    }

    public sealed class Handler(LedgerService ledger, AppDbContext db, ITenantContext tenant, ICurrentUser user,
        TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, Recorded>
    {
        /// <summary>How an anonymous donor without a name appears in the register (the donation form uses the same name).</summary>
        public const string AnonymousName = "匿名";

        public async Task<Recorded> Handle(Command request, CancellationToken cancellationToken)
        {
            var fundId = SourceDocumentRules.Id(request.FundId);
            var date = InputRules.Date(request.Date);
            var lines = request.Items.Select(i =>
            {
                i.TryValue(out var quantity, out var unitValue, out var subtotal);
                return new InKindDonationItem { Name = i.Name.Trim(), Unit = i.Unit.Trim(), Quantity = quantity, UnitValue = unitValue, Subtotal = subtotal };
            }).ToList();
            var total = lines.Sum(x => x.Subtotal);
            var donor = await DonorAsync(request, cancellationToken);
            var now = clock.GetUtcNow();

            // Goods before the books, each item in a fixed order: issues take the same locks in the same order, so they never deadlock.
            foreach (var line in lines.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Unit, StringComparer.Ordinal))
                line.InventoryItemId = await ReceiveIntoInventoryAsync(fundId, line, cancellationToken);

            var donation = new InKindDonation
            {
                DonorId = donor.Id, FundId = fundId, Date = date, ValuationBasis = request.ValuationBasis.Trim(), Total = total,
                RecordedAt = now, RecordedBy = user.UserId ?? Guid.Empty,
            };
            var inventory = await ledger.SystemAccountAsync(ChartOfAccounts.Inventory, cancellationToken);
            var income = await ledger.SystemAccountAsync(ChartOfAccounts.InKindDonation, cancellationToken);
            var entry = await ledger.PostAsync(new EntryDraft(date, s["InKind.EntryDescription", donor.Name].Value, EntryKind.InKindDonation,
            [
                new LineDraft(inventory, fundId, total, 0),
                new LineDraft(income, fundId, 0, total),
            ], nameof(InKindDonation), donation.Id), cancellationToken);

            donation.EntryId = entry.Id;
            donation.Items = lines;
            db.Add(donation);
            db.AddRange(lines.Select(x => new InventoryMovement
            {
                InventoryItemId = x.InventoryItemId, Kind = MovementKind.Received, Date = date, Quantity = x.Quantity, Value = x.Subtotal,
                EntryId = entry.Id, RecordedAt = now,
            }));
            return new Recorded(donation.Id, entry.Id, entry.Number, total);
        }

        /// <summary>
        /// One statement adds the goods to the item (fund + name + unit) or creates it, so two donations of the same new
        /// item at once cannot create it twice; then reads back the item's id.
        /// </summary>
        private async Task<Guid> ReceiveIntoInventoryAsync(Guid fundId, InKindDonationItem line, CancellationToken ct)
        {
            var t = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            var f = fundId.ToString();
            var id = Guid.NewGuid().ToString();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO InventoryItems (Id, TenantId, FundId, Name, Unit, QuantityOnHand, ValueOnHand)
                VALUES ({id}, {t}, {f}, {line.Name}, {line.Unit}, {line.Quantity}, {line.Subtotal})
                ON DUPLICATE KEY UPDATE QuantityOnHand = QuantityOnHand + VALUES(QuantityOnHand), ValueOnHand = ValueOnHand + VALUES(ValueOnHand)
                """, ct);
            var found = await db.Database.SqlQuery<Guid>(
                $"SELECT Id AS Value FROM InventoryItems WHERE TenantId = {t} AND FundId = {f} AND Name = {line.Name} AND Unit = {line.Unit}")
                .ToListAsync(ct);
            return found.Single();
        }

        private async Task<Donor> DonorAsync(Command request, CancellationToken ct)
        {
            if (SourceDocumentRules.TryId(request.DonorId, out var id))
                return await db.Set<Donor>().SingleAsync(d => d.Id == id, ct);
            TryDonorKind(request.DonorKind, out var kind);
            var name = kind == DonorKind.Anonymous && string.IsNullOrWhiteSpace(request.DonorName) ? AnonymousName : request.DonorName.Trim();
            // The register keeps one row per donor: the same kind and name is the same donor.
            var existing = await db.Set<Donor>().FirstOrDefaultAsync(d => d.Kind == kind && d.Name == name, ct);
            if (existing is not null) return existing;
            var donor = new Donor { Kind = kind, Name = name, CreatedAt = clock.GetUtcNow() };
            db.Add(donor);
            return donor;
        }
    }
}
