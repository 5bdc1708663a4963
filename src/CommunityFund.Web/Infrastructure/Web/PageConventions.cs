using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Authorization;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// Which pages belong to a tenant. Pages outside the platform folders are served under /{tenant}/…;
/// account pages are served both at the platform level and inside each tenant.
/// </summary>
public static class PageScopes
{
    private static readonly string[] PlatformFolders = ["/Admin/", "/Error/"];
    private const string DualFolder = "/Account/";

    public static bool IsPlatform(string viewEnginePath) =>
        viewEnginePath == "/Index" || PlatformFolders.Any(f => viewEnginePath.StartsWith(f, StringComparison.Ordinal));

    public static bool IsDual(string viewEnginePath) => viewEnginePath.StartsWith(DualFolder, StringComparison.Ordinal);

    public static bool IsTenant(string viewEnginePath) => !IsPlatform(viewEnginePath) && !IsDual(viewEnginePath);
}

public sealed class TenantRouteConvention : IPageRouteModelConvention
{
    public const string Prefix = "{" + PathTenantStrategy.RouteKey + ":tenant}";

    public void Apply(PageRouteModel model)
    {
        if (PageScopes.IsPlatform(model.ViewEnginePath)) return;
        var dual = PageScopes.IsDual(model.ViewEnginePath);
        foreach (var selector in model.Selectors.ToList())
        {
            var template = selector.AttributeRouteModel!.Template;
            var tenantSelector = dual ? new SelectorModel(selector) : selector;
            tenantSelector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates(Prefix, template);
            if (!dual) continue;
            // With a tenant value, links must go to the tenant's copy (/shipingqiao/account/login), not the platform one.
            tenantSelector.AttributeRouteModel.Order = -1;
            model.Selectors.Add(tenantSelector);
        }
    }
}

/// <summary>Tenant pages require a membership in the tenant unless the page says otherwise with its own [Authorize]/[AllowAnonymous].</summary>
public sealed class TenantMemberByDefaultConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        if (!PageScopes.IsTenant(model.ViewEnginePath)) return;
        var declares = model.HandlerType.IsDefined(typeof(AuthorizeAttribute), true) || model.HandlerType.IsDefined(typeof(AllowAnonymousAttribute), true);
        if (!declares) model.Filters.Add(new AuthorizeFilter(Policies.TenantMember));
    }
}
