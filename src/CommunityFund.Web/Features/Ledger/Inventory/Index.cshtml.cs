namespace CommunityFund.Web.Features.Ledger.Inventory;

/// <summary>Goods on hand per fund: quantity and value of each item, with a way to each item's movements and to issuing it.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([]);
    [TempData] public string? Notice { get; set; }
    public bool CanIssue => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public sealed record Item(Guid Id, string Name, string Unit, decimal QuantityOnHand, decimal ValueOnHand);
    public sealed record FundGroup(Guid FundId, string Code, string NameZh, string NameEn, IReadOnlyList<Item> Items)
    {
        public decimal Value => Items.Sum(i => i.ValueOnHand);
    }
    public sealed record Result(IReadOnlyList<FundGroup> Funds);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>;

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = await (
                from i in db.Set<InventoryItem>().AsNoTracking()
                join f in db.Set<Fund>() on i.FundId equals f.Id
                orderby f.Code, i.Name, i.Unit
                select new { f.Id, f.Code, f.NameZh, f.NameEn, Item = new Item(i.Id, i.Name, i.Unit, i.QuantityOnHand, i.ValueOnHand) })
                .ToListAsync(cancellationToken);
            return new Result(rows.GroupBy(r => (r.Id, r.Code, r.NameZh, r.NameEn))
                .Select(g => new FundGroup(g.Key.Id, g.Key.Code, g.Key.NameZh, g.Key.NameEn, g.Select(r => r.Item).ToList())).ToList());
        }
    }
}
