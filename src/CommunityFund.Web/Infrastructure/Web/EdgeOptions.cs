using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommunityFund.Web.Infrastructure.Web;

/// <summary>
/// What the site believes about the network in front of it. Forwarded headers (X-Forwarded-For/-Proto/-Host) are
/// honoured only when the connection comes from a proxy named here (none by default); the Host header must be one of
/// the allowed hosts (default: App:BaseUrl's host, localhost and loopback, and every {tenant}.{HostSuffix}).
/// </summary>
public static class Edge
{
    /// <summary>App:TrustedProxies: addresses of reverse proxies, separated by ';' or ',' (or an array in JSON).</summary>
    public const string TrustedProxiesKey = "App:TrustedProxies";
    /// <summary>App:TrustedNetworks: CIDR networks of reverse proxies, e.g. 10.0.0.0/8.</summary>
    public const string TrustedNetworksKey = "App:TrustedNetworks";

    public static IServiceCollection AddEdge(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = List(configuration, TrustedProxiesKey).Select(IPAddress.Parse).ToList();
        var networks = List(configuration, TrustedNetworksKey).Select(System.Net.IPNetwork.Parse).ToList();
        var hosts = AllowedHosts(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            // With both lists empty the middleware would trust every sender: then it must not forward anything.
            o.ForwardedHeaders = proxies.Count + networks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
            o.AllowedHosts = hosts.Contains("*") ? [] : hosts;
        });
        services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = hosts;
            o.AllowEmptyHosts = false;
        });
        return services;
    }

    /// <summary>AllowedHosts when set (';'-separated, "*" for any), else the hosts the configuration itself names.</summary>
    public static List<string> AllowedHosts(IConfiguration configuration)
    {
        var configured = List(configuration, "AllowedHosts");
        if (configured.Count > 0) return configured;
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        if (Uri.TryCreate(SiteAddress.Configured(configuration), UriKind.Absolute, out var site)) hosts.Add(site.Host);
        var suffix = (configuration["Tenancy:HostSuffix"] ?? "").Trim().Trim('.');
        if (suffix.Length > 0) hosts.AddRange([suffix, "*." + suffix]);
        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static List<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single) values.Add(single);
        return values.SelectMany(v => (v ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
