namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>The site's own address for links in e-mails and QR codes.</summary>
public static class SiteAddress
{
    /// <summary>App:BaseUrl, the public address of the site (default http://127.0.0.1:5000), without a trailing slash.</summary>
    public static string Configured(IConfiguration configuration) => (configuration["App:BaseUrl"] ?? "http://127.0.0.1:5000").TrimEnd('/');

    /// <summary>The current request's scheme, host and path base when there is a request, else <see cref="Configured"/> (background work).</summary>
    public static string Current(HttpContext? http, IConfiguration configuration)
    {
        var request = http?.Request;
        return request is not null && request.Host.HasValue ? $"{request.Scheme}://{request.Host}{request.PathBase}" : Configured(configuration);
    }
}
