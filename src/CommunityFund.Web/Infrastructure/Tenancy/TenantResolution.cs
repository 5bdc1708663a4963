using System.Text.RegularExpressions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CommunityFund.Web.Infrastructure.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "Tenancy";
    /// <summary>"Path" (default): /{tenant}/… . "Host": {tenant}.{HostSuffix}.</summary>
    public string Strategy { get; set; } = "Path";
    public string HostSuffix { get; set; } = "";
}

/// <summary>Finds the tenant identifier in a request.</summary>
public interface ITenantResolutionStrategy
{
    string? GetIdentifier(HttpContext context);
}

public sealed class PathTenantStrategy : ITenantResolutionStrategy
{
    public const string RouteKey = "tenant";
    public string? GetIdentifier(HttpContext context) => context.GetRouteValue(RouteKey) as string;
}

public sealed class HostTenantStrategy(IOptions<TenancyOptions> options) : ITenantResolutionStrategy
{
    public string? GetIdentifier(HttpContext context) => FromHost(context.Request.Host.Host, options.Value.HostSuffix);

    public static string? FromHost(string host, string suffix)
    {
        if (string.IsNullOrWhiteSpace(suffix)) return null;
        var tail = "." + suffix.Trim('.').ToLowerInvariant();
        host = host.ToLowerInvariant();
        if (!host.EndsWith(tail, StringComparison.Ordinal)) return null;
        var label = host[..^tail.Length];
        return label.Length > 0 && !label.Contains('.', StringComparison.Ordinal) && TenantSlug.IsValid(label) ? label : null;
    }
}

public static partial class TenantSlug
{
    /// <summary>Path segments the platform uses itself; a tenant may not take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "account", "admin", "api", "culture", "error", "healthz", "lib", "css", "js", "img", "static", "www", "favicon.ico",
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value) && !Reserved.Contains(value);
}

/// <summary>Route constraint <c>{tenant:tenant}</c>: only well-formed, non-reserved slugs reach tenant pages.</summary>
public sealed class TenantSlugRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var v) && TenantSlug.IsValid(v as string);
}

public interface ITenantStore
{
    Task<TenantInfo?> FindByIdentifierAsync(string identifier, CancellationToken ct = default);
    void Invalidate(string identifier);
}

/// <summary>Tenant lookups hit the catalog database; a short cache keeps that off the hot path.</summary>
public sealed class CatalogTenantStore(CatalogDbContext db, IMemoryCache cache) : ITenantStore
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    public async Task<TenantInfo?> FindByIdentifierAsync(string identifier, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(identifier), out TenantInfo? hit)) return hit;
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Identifier == identifier, ct);
        var info = tenant?.ToInfo();
        cache.Set(Key(identifier), info, Ttl);
        return info;
    }

    public void Invalidate(string identifier) => cache.Remove(Key(identifier));

    private static string Key(string identifier) => "tenant:" + identifier;
}

public static class TenantHttpItems
{
    public const string Problem = "cf.tenant.problem";
    public const string Identifier = "cf.tenant.identifier";
}

/// <summary>Runs after routing and before authentication: resolves the tenant or ends the request with 404/410.</summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ITenantResolutionStrategy strategy, ITenantStore store, ITenantContext tenantContext)
    {
        var identifier = strategy.GetIdentifier(context);
        var routeIdentifier = context.GetRouteValue(PathTenantStrategy.RouteKey) as string;
        // Under the host strategy a path naming another tenant must not reach it.
        if (identifier is not null && routeIdentifier is not null && routeIdentifier != identifier)
        {
            await EndAsync(context, StatusCodes.Status404NotFound, "unknown", routeIdentifier);
            return;
        }
        if (identifier is null)
        {
            await next(context);
            return;
        }
        var tenant = await store.FindByIdentifierAsync(identifier, context.RequestAborted);
        if (tenant is null)
        {
            await EndAsync(context, StatusCodes.Status404NotFound, "unknown", identifier);
            return;
        }
        if (tenant.Status == TenantStatus.Suspended)
        {
            await EndAsync(context, StatusCodes.Status410Gone, "suspended", identifier);
            return;
        }
        tenantContext.Set(tenant);
        await next(context);
    }

    private static Task EndAsync(HttpContext context, int status, string problem, string identifier)
    {
        context.Items[TenantHttpItems.Problem] = problem;
        context.Items[TenantHttpItems.Identifier] = identifier;
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Host strategy: {tenant}.example.org/members is served by the same pages as /{tenant}/members.</summary>
public sealed class HostTenantPathRewriteMiddleware(RequestDelegate next, IOptions<TenancyOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var identifier = HostTenantStrategy.FromHost(context.Request.Host.Host, options.Value.HostSuffix);
        if (identifier is not null && !IsPlatformPath(context.Request.Path))
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/" + identifier))
                context.Request.Path = new PathString("/" + identifier).Add(path == "/" ? PathString.Empty : path);
        }
        return next(context);
    }

    private static bool IsPlatformPath(PathString path) =>
        path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") ||
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/error");
}
