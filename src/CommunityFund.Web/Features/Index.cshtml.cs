using Microsoft.AspNetCore.Authorization;

namespace CommunityFund.Web.Features;

/// <summary>The platform's front page: what the product is and which funds run on it.</summary>
[AllowAnonymous]
public class IndexModel(CatalogDbContext catalog) : PageModel
{
    public IReadOnlyList<TenantInfo> Funds { get; private set; } = [];

    public async Task OnGetAsync() =>
        Funds = (await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).OrderBy(t => t.Identifier).ToListAsync())
            .Select(t => t.ToInfo()).ToList();
}
