using Microsoft.AspNetCore.Authorization;

namespace CommunityFund.Web.Features;

/// <summary>The platform's front page: what the product is and which funds run on it.</summary>
[AllowAnonymous]
public class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<TenantInfo> Funds { get; private set; } = [];

    public async Task OnGetAsync() => Funds = await mediator.Send(new Query());

    /// <summary>The funds open to the public (active tenants), by identifier.</summary>
    [AllowAnonymousRequest]
    public sealed class Query : IRequest<IReadOnlyList<TenantInfo>>;

    public sealed class Handler(CatalogDbContext catalog) : IRequestHandler<Query, IReadOnlyList<TenantInfo>>
    {
        public async Task<IReadOnlyList<TenantInfo>> Handle(Query request, CancellationToken cancellationToken) =>
            (await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).OrderBy(t => t.Identifier).ToListAsync(cancellationToken))
            .Select(t => t.ToInfo()).ToList();
    }
}
