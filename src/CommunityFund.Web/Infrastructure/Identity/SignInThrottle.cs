using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CommunityFund.Web.Infrastructure.Identity;

public sealed class SignInThrottleOptions
{
    public const string Section = "SignIn";
    /// <summary>Failures one address may make on one account before each further attempt must wait.</summary>
    public int PairFreeFailures { get; set; } = 5;
    /// <summary>Failures one address may make across all accounts (password spraying) before it must wait.</summary>
    public int AddressFreeFailures { get; set; } = 20;
    /// <summary>Failures on one account from all addresses together (a botnet) before each attempt must wait.</summary>
    public int AccountFreeFailures { get; set; } = 20;
    /// <summary>The longest wait for an address (and for one address on one account).</summary>
    public int MaxDelaySeconds { get; set; } = 900;
    /// <summary>
    /// The longest wait an account as a whole can be put under: short, so that strangers failing on purpose cannot
    /// keep its owner out (the owner's own address is held back only by its own failures).
    /// </summary>
    public int AccountMaxDelaySeconds { get; set; } = 60;
    /// <summary>A count starts again when its last failure is older than this.</summary>
    public int WindowMinutes { get; set; } = 60;
}

/// <summary>Failed sign-ins counted under one key (an account, an address, or both), shared by every app server.</summary>
public class SignInFailureCount
{
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    /// <summary>UTC.</summary>
    public DateTime LastFailureAt { get; set; }
}

public class SignInFailureCountConfiguration : IEntityTypeConfiguration<SignInFailureCount>
{
    public void Configure(EntityTypeBuilder<SignInFailureCount> b)
    {
        b.ToTable("SignInFailureCounts");
        b.HasKey(c => c.Key);
        b.Property(c => c.Key).HasMaxLength(191);
        b.Property(c => c.LastFailureAt).HasColumnType("datetime(6)");
        b.HasIndex(c => c.LastFailureAt);
    }
}

/// <summary>
/// Progressive delay instead of a lockout: after a number of free failures, each further attempt under a key must wait
/// 2^k seconds (k = failures beyond the free ones), up to a maximum. Counts live in the catalog database, so every app
/// server sees the same; an upsert in one statement keeps concurrent failures from being lost. The address is the
/// connection's (after trusted proxies only), never what X-Forwarded-For claims.
/// </summary>
public sealed class SignInThrottle(CatalogDbContext db, TimeProvider clock, IOptions<SignInThrottleOptions> options)
{
    private SignInThrottleOptions O => options.Value;

    private IEnumerable<(string Key, int Free, int Max)> Keys(string email, string address)
    {
        var account = email.Trim().ToUpperInvariant();
        if (account.Length > 120) account = account[..120]; // "p:" + address + "|" + account fits the 191-character key
        yield return ($"p:{address}|{account}", O.PairFreeFailures, O.MaxDelaySeconds);
        yield return ($"a:{address}", O.AddressFreeFailures, O.MaxDelaySeconds);
        yield return ($"u:{account}", O.AccountFreeFailures, O.AccountMaxDelaySeconds);
    }

    /// <summary>How long this attempt must still wait (zero when it may go ahead).</summary>
    public async Task<TimeSpan> WaitAsync(string email, string address, CancellationToken ct)
    {
        var keys = Keys(email, address).ToList();
        var names = keys.Select(k => k.Key).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddMinutes(-O.WindowMinutes);
        var counts = await db.Set<SignInFailureCount>().AsNoTracking()
            .Where(c => names.Contains(c.Key) && c.LastFailureAt >= since).ToListAsync(ct);
        var wait = TimeSpan.Zero;
        foreach (var count in counts)
        {
            var (_, free, max) = keys.Single(k => k.Key == count.Key);
            var until = count.LastFailureAt + Delay(count.Failures, free, max);
            if (until - now > wait) wait = until - now;
        }
        return wait;
    }

    /// <summary>Counts a failed attempt under every key.</summary>
    public async Task FailedAsync(string email, string address, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddMinutes(-O.WindowMinutes);
        foreach (var (key, _, _) in Keys(email, address))
        {
            // MariaDB applies the assignments left to right: the count restarts when the last failure is outside the window.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO SignInFailureCounts (`Key`, Failures, LastFailureAt) VALUES ({key}, 1, {now})
                ON DUPLICATE KEY UPDATE Failures = IF(LastFailureAt < {since}, 1, Failures + 1), LastFailureAt = {now}
                """, ct);
        }
    }

    /// <summary>A successful sign-in clears its own address's count on that account (not the address's or the account's).</summary>
    public async Task SucceededAsync(string email, string address, CancellationToken ct)
    {
        var pair = Keys(email, address).First().Key;
        await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM SignInFailureCounts WHERE `Key` = {pair}", ct);
    }

    /// <summary>2^(failures − free) seconds once the free failures are used, never more than <paramref name="maxSeconds"/>.</summary>
    public static TimeSpan Delay(int failures, int free, int maxSeconds)
    {
        if (failures < free) return TimeSpan.Zero;
        var k = Math.Min(failures - free, 30);
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, k), maxSeconds));
    }
}
