using System.Security.Claims;

namespace CommunityFund.Web.Infrastructure.Mediation;

/// <summary>
/// Whether the signed-in user would get through a request's authorization attribute, read the same way the authorization
/// behaviour reads it. Menus and links ask this of the page's query, so they never offer a page that answers 403.
/// </summary>
public static class RequestAccess
{
    public static bool MaySend<TRequest>(this ClaimsPrincipal user) => user.MaySend(typeof(TRequest));

    public static bool MaySend(this ClaimsPrincipal user, Type request)
    {
        if (Attribute.IsDefined(request, typeof(AllowAnonymousRequestAttribute))) return true;
        if (user.Identity?.IsAuthenticated != true) return false;
        if (Attribute.IsDefined(request, typeof(RequiresSignedInUserAttribute))) return true;
        if (Attribute.IsDefined(request, typeof(RequiresPlatformAdminAttribute))) return user.IsInRole(PlatformRoles.PlatformAdmin);
        if (Attribute.GetCustomAttribute(request, typeof(RequiresTenantRoleAttribute)) is not RequiresTenantRoleAttribute needs) return false;
        // The tenant-role claims are added per request for the current tenant only.
        var held = user.FindAll(CommunityFundClaims.TenantRole).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return needs.Roles.Count == 0 ? held.Count > 0 : needs.Roles.Any(r => held.Contains(r.ToString()));
    }
}
