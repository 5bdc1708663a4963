namespace CommunityFund.Web.Features.Ledger.Inventory;

/// <summary>One item on hand and every movement that made it so: receipts from donations, issues to projects or beneficiaries.</summary>
public class ItemModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool CanIssue => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(Guid id, int p = 1) => Data = await mediator.Send(new Query { ItemId = id, Page = p });

    public const int PageSize = 50;

    public sealed record Movement(long Id, DateOnly Date, MovementKind Kind, decimal Quantity, decimal Value, string? Recipient, int EntryNumber, DateTimeOffset RecordedAt);
    public sealed record Result(Guid Id, string Name, string Unit, string FundZh, string FundEn, decimal QuantityOnHand, decimal ValueOnHand,
        IReadOnlyList<Movement> Movements, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public Guid ItemId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var item = await (
                from i in db.Set<InventoryItem>().AsNoTracking()
                join f in db.Set<Fund>() on i.FundId equals f.Id
                where i.Id == request.ItemId
                select new { i.Id, i.Name, i.Unit, f.NameZh, f.NameEn, i.QuantityOnHand, i.ValueOnHand })
                .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("No such inventory item in this tenant.");
            var movements = db.Set<InventoryMovement>().AsNoTracking().Where(m => m.InventoryItemId == item.Id);
            var count = await movements.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                from m in movements
                join e in db.Set<JournalEntry>() on m.EntryId equals e.Id
                orderby m.Id descending
                select new Movement(m.Id, m.Date, m.Kind, m.Quantity, m.Value, m.Recipient, e.Number, m.RecordedAt))
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new Result(item.Id, item.Name, item.Unit, item.NameZh, item.NameEn, item.QuantityOnHand, item.ValueOnHand, rows, page, pages);
        }
    }
}
