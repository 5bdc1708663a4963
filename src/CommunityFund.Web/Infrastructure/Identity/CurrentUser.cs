using System.Security.Claims;

namespace CommunityFund.Web.Infrastructure.Identity;

/// <summary>Who is acting, and what they may do in the current tenant. Roles come from the database, never from the cookie.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }
    string? Email { get; }
    string? IpAddress { get; }
    Task<bool> IsPlatformAdminAsync(CancellationToken ct = default);
    Task<IReadOnlySet<TenantRole>> GetTenantRolesAsync(CancellationToken ct = default);
}

public sealed class CurrentUser(IHttpContextAccessor http, ITenantContext tenant, AppDbContext db, CatalogDbContext catalog) : ICurrentUser
{
    private IReadOnlySet<TenantRole>? _roles;
    private bool? _isAdmin;

    private ClaimsPrincipal? Principal => http.HttpContext?.User;

    public Guid? UserId =>
        Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? Email => Principal?.FindFirstValue(ClaimTypes.Email) ?? Principal?.FindFirstValue(ClaimTypes.Name);

    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<bool> IsPlatformAdminAsync(CancellationToken ct = default)
    {
        if (_isAdmin is { } known) return known;
        var id = UserId;
        _isAdmin = id is not null && await (
            from ur in catalog.UserRoles
            join r in catalog.Roles on ur.RoleId equals r.Id
            where ur.UserId == id && r.Name == PlatformRoles.PlatformAdmin
            select ur).AnyAsync(ct);
        return _isAdmin.Value;
    }

    public async Task<IReadOnlySet<TenantRole>> GetTenantRolesAsync(CancellationToken ct = default)
    {
        if (_roles is not null) return _roles;
        var id = UserId;
        if (id is null || tenant.Current is null) return _roles = new HashSet<TenantRole>();
        var roles = await db.Set<TenantMembership>().Where(m => m.UserId == id).Select(m => m.Role).ToListAsync(ct);
        return _roles = roles.ToHashSet();
    }
}
