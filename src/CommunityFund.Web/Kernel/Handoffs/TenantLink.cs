namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// Links stored with notifications and pending steps are paths inside the tenant ("/projects/…"): the tenant prefix is
/// added when shown, and nothing that could leave the site (another host, a scheme) is accepted.
/// </summary>
public static class TenantLink
{
    public static bool IsValid(string? link, int maxLength) =>
        link is null ||
        (link.Length <= maxLength && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) &&
         !link.Contains('\\', StringComparison.Ordinal) && !link.Contains("://", StringComparison.Ordinal) &&
         !link.Any(char.IsControl));

    public static void Check(string? link, int maxLength)
    {
        if (!IsValid(link, maxLength))
            throw new ArgumentException($"A link must be a tenant-relative path starting with '/' of at most {maxLength} characters.", nameof(link));
    }

    /// <summary>The site path of a tenant-relative link, e.g. "/shiqiaopu/projects/…".</summary>
    public static string Under(string tenantIdentifier, string link) => "/" + tenantIdentifier + link;
}
