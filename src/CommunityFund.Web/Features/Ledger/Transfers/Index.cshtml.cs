namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>Transfer requests between funds: those awaiting the committee first, then the decided ones, newest first.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 0, 1, 1);
    [TempData] public string? Notice { get; set; }
    public bool CanPrepare => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public const int PageSize = 30;

    public sealed record Row(Guid Id, string FromZh, string FromEn, string ToZh, string ToEn, decimal Amount, DateOnly Date, string Reason,
        TransferStatus Status, string PreparedBy);
    public sealed record Result(IReadOnlyList<Row> Rows, int Pending, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var requests = db.Set<FundTransferRequest>().AsNoTracking();
            var count = await requests.CountAsync(cancellationToken);
            var pending = await requests.CountAsync(t => t.Status == TransferStatus.Pending, cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                from t in requests
                join source in db.Set<Fund>() on t.FromFundId equals source.Id
                join target in db.Set<Fund>() on t.ToFundId equals target.Id
                orderby t.Status == TransferStatus.Pending descending, t.PreparedAt descending
                select new { t.Id, FromZh = source.NameZh, FromEn = source.NameEn, ToZh = target.NameZh, ToEn = target.NameEn, t.Amount, t.Date, t.Reason, t.Status, t.PreparedBy })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, rows.Select(r => r.PreparedBy), cancellationToken);
            return new Result(rows.Select(r => new Row(r.Id, r.FromZh, r.FromEn, r.ToZh, r.ToEn, r.Amount, r.Date, r.Reason, r.Status,
                names.GetValueOrDefault(r.PreparedBy, "?"))).ToList(), pending, page, pages);
        }
    }
}
