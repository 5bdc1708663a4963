namespace CommunityFund.Web.Features.Admin.Tenants;

/// <summary>All tenants on the platform, with suspend / reactivate.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 1, 1);
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public async Task<IActionResult> OnPostStatusAsync(Guid id, TenantStatus status)
    {
        await mediator.Send(new SetStatus { TenantId = id, Status = status });
        Notice = status == TenantStatus.Suspended ? "Admin.Tenants.Suspended" : "Admin.Tenants.Reactivated";
        return RedirectToPage();
    }

    public const int PageSize = 20;

    public sealed record Row(Guid Id, string Identifier, string NameZh, string NameEn, string District, TenantStatus Status, DateTimeOffset CreatedAt, bool OwnDatabase);
    public sealed record Result(IReadOnlyList<Row> Rows, int Page, int Pages);

    [RequiresPlatformAdmin]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(CatalogDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var total = await db.Tenants.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await db.Tenants.AsNoTracking().OrderBy(t => t.Identifier)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(t => new Row(t.Id, t.Identifier, t.NameZh, t.NameEn, t.District, t.Status, t.CreatedAt, t.ConnectionString != null && t.ConnectionString != ""))
                .ToListAsync(cancellationToken);
            return new Result(rows, page, pages);
        }
    }

    [RequiresPlatformAdmin]
    public sealed class SetStatus : IPlatformCommand<Unit>, IHasAuditTarget
    {
        public Guid TenantId { get; init; }
        public TenantStatus Status { get; init; }
        string? IHasAuditTarget.AuditTarget => $"{TenantId}:{Status}";
    }

    public sealed class SetStatusHandler(CatalogDbContext db, ITenantStore store) : IRequestHandler<SetStatus, Unit>
    {
        public async Task<Unit> Handle(SetStatus request, CancellationToken cancellationToken)
        {
            if (!Enum.IsDefined(request.Status)) throw new NotFoundException("Unknown status.");
            var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == request.TenantId, cancellationToken)
                         ?? throw new NotFoundException("No such tenant.");
            tenant.Status = request.Status;
            store.Invalidate(tenant.Identifier);
            return Unit.Value;
        }
    }
}
