using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Features.Ledger.InKind;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Inventory;

/// <summary>
/// Issuing goods to a project or to beneficiaries: the item is drawn down at its average value (the whole remaining
/// value when the whole remaining quantity goes) and the fund posts Dr project expense / Cr inventory.
/// </summary>
public class IssueModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public Item Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id)
    {
        Input.ItemId = id;
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.Date = Formats.Date(clock.Today());
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ItemId = id; // the item is the one in the address, whatever the form says
        var issued = await mediator.Send(Input);
        var item = await mediator.Send(new Query { ItemId = id });
        TempData["Notice"] = s["Issue.Done", QuantityInput.Format(issued.Quantity), item.Unit, Formats.Money(issued.Value), issued.EntryNumber].Value;
        return RedirectToPage("/Ledger/Inventory/Item", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ItemId = Input.ItemId });

    public sealed record Item(Guid Id, string Name, string Unit, string FundZh, string FundEn, decimal QuantityOnHand, decimal ValueOnHand);

    public sealed record Issued(long EntryId, int EntryNumber, decimal Quantity, decimal Value);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<Item>
    {
        public Guid ItemId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Item>
    {
        public async Task<Item> Handle(Query request, CancellationToken cancellationToken) =>
            await (
                from i in db.Set<InventoryItem>().AsNoTracking()
                join f in db.Set<Fund>() on i.FundId equals f.Id
                where i.Id == request.ItemId
                select new Item(i.Id, i.Name, i.Unit, f.NameZh, f.NameEn, i.QuantityOnHand, i.ValueOnHand))
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("No such inventory item in this tenant.");
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Issued>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public Guid ItemId { get; set; }
        public string Quantity { get; set; } = "";
        /// <summary>The project or the beneficiaries the goods went to.</summary>
        public string Recipient { get; set; } = "";
        public string Date { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ItemId}:{Quantity}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<KernelResource> k, IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s, AppDbContext db)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.Quantity).Cascade(CascadeMode.Stop).ValidQuantity(s)
                .CustomAsync(async (text, context, ct) =>
                {
                    // A friendly early answer; the conditional update in the handler is what actually holds the line.
                    var item = await db.Set<InventoryItem>().AsNoTracking().Where(i => i.Id == context.InstanceToValidate.ItemId)
                        .Select(i => new { i.QuantityOnHand, i.Unit }).SingleOrDefaultAsync(ct);
                    if (item is not null && QuantityInput.Value(text) > item.QuantityOnHand)
                        context.AddFailure(s["Issue.MoreThanOnHand", QuantityInput.Format(item.QuantityOnHand), item.Unit]);
                });
            RuleFor(c => c.Recipient).RequiredText(200, s, "Issue.RecipientRequired");
            RuleFor(c => c.Date).ValidDate(k);
        }
    }

    public sealed class Handler(LedgerService ledger, AppDbContext db, ITenantContext tenant, TimeProvider clock,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, Issued>
    {
        private sealed class OnHand
        {
            public decimal QuantityOnHand { get; set; }
            public decimal ValueOnHand { get; set; }
        }

        public async Task<Issued> Handle(Command request, CancellationToken cancellationToken)
        {
            var t = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            var id = request.ItemId.ToString();
            var item = await db.Set<InventoryItem>().AsNoTracking().Where(i => i.Id == request.ItemId)
                           .Select(i => new { i.FundId, i.Name, i.Unit }).SingleOrDefaultAsync(cancellationToken)
                       ?? throw new NotFoundException("No such inventory item in this tenant.");
            var quantity = QuantityInput.Value(request.Quantity);
            var date = InputRules.Date(request.Date);

            // The row lock makes the average below the current one (goods before the books, as donations do).
            var onHand = (await db.Database.SqlQuery<OnHand>(
                $"SELECT QuantityOnHand, ValueOnHand FROM InventoryItems WHERE TenantId = {t} AND Id = {id} FOR UPDATE").ToListAsync(cancellationToken)).Single();
            if (quantity > onHand.QuantityOnHand)
                throw Refusal.Because(s["Issue.MoreThanOnHand", QuantityInput.Format(onHand.QuantityOnHand), item.Unit]);
            var value = quantity == onHand.QuantityOnHand
                ? onHand.ValueOnHand
                : decimal.Round(onHand.ValueOnHand * quantity / onHand.QuantityOnHand, 2, MidpointRounding.AwayFromZero);
            if (value <= 0) throw Refusal.Because(s["Issue.ValueZero"]);

            // The guard and the change are one statement: however many issues race, the item never goes below zero.
            var changed = await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE InventoryItems SET QuantityOnHand = QuantityOnHand - {quantity}, ValueOnHand = ValueOnHand - {value}
                WHERE TenantId = {t} AND Id = {id} AND QuantityOnHand >= {quantity} AND ValueOnHand >= {value}
                """, cancellationToken);
            if (changed == 0)
                throw Refusal.Because(s["Issue.MoreThanOnHand", QuantityInput.Format(onHand.QuantityOnHand), item.Unit]);

            var recipient = request.Recipient.Trim();
            var expense = await ledger.SystemAccountAsync(ChartOfAccounts.ProjectExpense, cancellationToken);
            var inventory = await ledger.SystemAccountAsync(ChartOfAccounts.Inventory, cancellationToken);
            var entry = await ledger.PostAsync(new EntryDraft(date,
                s["Issue.EntryDescription", item.Name, QuantityInput.Format(quantity), item.Unit, recipient].Value, EntryKind.GoodsIssue,
            [
                new LineDraft(expense, item.FundId, value, 0),
                new LineDraft(inventory, item.FundId, 0, value),
            ], nameof(InventoryItem), request.ItemId), cancellationToken);
            db.Add(new InventoryMovement
            {
                InventoryItemId = request.ItemId, Kind = MovementKind.Issued, Date = date, Quantity = -quantity, Value = -value,
                Recipient = recipient, EntryId = entry.Id, RecordedAt = clock.GetUtcNow(),
            });
            return new Issued(entry.Id, entry.Number, quantity, value);
        }
    }
}
