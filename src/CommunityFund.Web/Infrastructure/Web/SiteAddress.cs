namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// The site's own address for links in e-mails and QR codes: always App:BaseUrl, never the request's Host or
/// X-Forwarded-Host (a client chooses those, and a link carrying a token must not lead anywhere else).
/// </summary>
public static class SiteAddress
{
    public const string DefaultBaseUrl = "http://127.0.0.1:5000";

    /// <summary>App:BaseUrl, the public address of the site (default http://127.0.0.1:5000), without a trailing slash.</summary>
    public static string Configured(IConfiguration configuration) => (configuration["App:BaseUrl"] ?? DefaultBaseUrl).TrimEnd('/');

    /// <summary>
    /// The absolute address of <paramref name="path"/> (starting with '/') in a tenant, or at the platform when
    /// <paramref name="tenantIdentifier"/> is null. Under the host strategy a tenant's links use {tenant}.{HostSuffix}
    /// with App:BaseUrl's scheme and port; otherwise /{tenant}/… under App:BaseUrl.
    /// </summary>
    public static string Link(IConfiguration configuration, string? tenantIdentifier, string path)
    {
        var site = Configured(configuration);
        if (tenantIdentifier is null) return site + path;
        var suffix = (configuration["Tenancy:HostSuffix"] ?? "").Trim().Trim('.');
        if (string.Equals(configuration["Tenancy:Strategy"], "Host", StringComparison.OrdinalIgnoreCase) && suffix.Length > 0
            && Uri.TryCreate(site, UriKind.Absolute, out var baseUri))
        {
            var host = new UriBuilder(baseUri) { Host = $"{tenantIdentifier}.{suffix}" }.Uri.GetLeftPart(UriPartial.Authority);
            return host + baseUri.AbsolutePath.TrimEnd('/') + path;
        }
        return $"{site}/{tenantIdentifier}{path}";
    }
}
