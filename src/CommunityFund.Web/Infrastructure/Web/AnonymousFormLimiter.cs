using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommunityFund.Web.Infrastructure.Web;

public sealed class AnonymousFormLimits
{
    public const string Section = "AnonymousForms";
    /// <summary>How many posts of one anonymous form one address may make per window.</summary>
    public int PermitLimit { get; set; } = 5;
    public int WindowMinutes { get; set; } = 10;
}

/// <summary>
/// Keeps anonymous forms (a public-notice objection) from being flooded: a fixed window of posts per form, tenant and
/// client address, counted on this server (behind several servers each counts its own). A refused post is told to try
/// again later, in the page's language; nothing is saved.
/// </summary>
public sealed class AnonymousFormLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AnonymousFormLimiter(IOptions<AnonymousFormLimits> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limits.PermitLimit), Window = TimeSpan.FromMinutes(Math.Max(1, limits.WindowMinutes)), QueueLimit = 0,
        }));
    }

    /// <summary>True when this post of <paramref name="form"/> may go ahead.</summary>
    public bool TryAcquire(string form, HttpContext http)
    {
        var tenant = http.RequestServices.GetService<ITenantContext>()?.Current?.Identifier ?? "-";
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _limiter.AttemptAcquire($"{form}|{tenant}|{address}");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
