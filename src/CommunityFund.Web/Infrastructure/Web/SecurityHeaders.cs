namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// The security headers of every response — pages, static files, error pages, redirects and the 400 of a refused
/// host — set in one place, just before the response starts. Scripts come only from the site's own files (no inline
/// script or handler); inline style attributes are allowed ('unsafe-inline' for styles only). No page may be framed.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

/// <summary>Puts <see cref="SecurityHeadersMiddleware"/> in front of everything, host filtering included.</summary>
public sealed class SecurityHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        next(app);
    };
}
