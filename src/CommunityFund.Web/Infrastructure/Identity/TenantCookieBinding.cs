using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityFund.Web.Infrastructure.Identity;

public static class CommunityFundClaims
{
    /// <summary>The tenant a sign-in cookie was issued in. A cookie is only honoured in that tenant.</summary>
    public const string Tenant = "cf:tenant";
    /// <summary>Added per request for each role the user holds in the current tenant (read from the database).</summary>
    public const string TenantRole = "cf:tenant-role";
}

/// <summary>Stamps the tenant the user signs in at into the cookie's principal.</summary>
public sealed class TenantBoundClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, ITenantContext tenant)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (tenant.Current is { } t) identity.AddClaim(new Claim(CommunityFundClaims.Tenant, t.Id.ToString()));
        if (!string.IsNullOrEmpty(user.DisplayName)) identity.AddClaim(new Claim("cf:display-name", user.DisplayName));
        return identity;
    }
}

public static class TenantCookieValidation
{
    /// <summary>
    /// A cookie issued in one tenant is refused in every other (and a platform-level cookie in all tenants):
    /// the request continues as anonymous, so tenant pages send the user to that tenant's sign-in.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var current = context.HttpContext.RequestServices.GetRequiredService<ITenantContext>().Current;
        if (current is not null && context.Principal?.FindFirstValue(CommunityFundClaims.Tenant) != current.Id.ToString())
        {
            context.RejectPrincipal();
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>When the security stamp refresh rebuilds the principal, keep the tenant it was issued in.</summary>
    public static Task KeepTenantOnRefresh(SecurityStampRefreshingPrincipalContext context)
    {
        var issued = context.CurrentPrincipal?.FindFirst(CommunityFundClaims.Tenant);
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            foreach (var c in identity.FindAll(CommunityFundClaims.Tenant).ToList()) identity.RemoveClaim(c);
            if (issued is not null) identity.AddClaim(new Claim(CommunityFundClaims.Tenant, issued.Value));
        }
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string TenantMember = "TenantMember";
    public const string PlatformAdmin = "PlatformAdmin";
    public static string Role(TenantRole role) => "Tenant." + role;

    // For a page's own [Authorize(Policy = …)] when a form page has no query of its own to declare the role.
    public const string Secretariat = "Tenant." + nameof(TenantRole.Secretariat);
    public const string OrgMember = "Tenant." + nameof(TenantRole.OrgMember);
    /// <summary>Secretariat, committee or auditor: those who may read the books.</summary>
    public const string BookReaders = "Tenant.BookReaders";
}

/// <summary>Adds the user's roles in the current tenant as claims, so pages can use policies and <c>User.IsInRole</c>.</summary>
public sealed class TenantRoleClaimsTransformation(IServiceProvider services, ITenantContext tenant) : Microsoft.AspNetCore.Authentication.IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (tenant.Current is null || principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == CommunityFundClaims.TenantRole))
            return principal;
        // HttpContext.User is not set yet while transforming, so read the id from the principal itself.
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return principal;
        // Resolved late: the tenant context decides which database the context connects to.
        var db = services.GetRequiredService<AppDbContext>();
        var roles = await db.Set<TenantMembership>().Where(m => m.UserId == userId).Select(m => m.Role).Distinct().ToListAsync();
        if (roles.Count == 0) return principal;
        var clone = principal.Clone();
        var identity = new ClaimsIdentity();
        foreach (var role in roles) identity.AddClaim(new Claim(CommunityFundClaims.TenantRole, role.ToString()));
        clone.AddIdentity(identity);
        return clone;
    }
}

public static class AuthorizationPolicies
{
    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Policies.TenantMember, p => p.RequireAuthenticatedUser().RequireClaim(CommunityFundClaims.TenantRole));
        options.AddPolicy(Policies.PlatformAdmin, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.PlatformAdmin));
        foreach (var role in Enum.GetValues<TenantRole>())
            options.AddPolicy(Policies.Role(role), p => p.RequireAuthenticatedUser().RequireClaim(CommunityFundClaims.TenantRole, role.ToString()));
        options.AddPolicy(Policies.BookReaders, p => p.RequireAuthenticatedUser().RequireClaim(CommunityFundClaims.TenantRole,
            nameof(TenantRole.Secretariat), nameof(TenantRole.Committee), nameof(TenantRole.Auditor)));
    }
}
