using Microsoft.Extensions.DependencyInjection.Extensions;
using MySqlConnector;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>What one sweep did. <see cref="Ran"/> is false when another sweep held the lock.</summary>
public sealed record SweepReport(bool Ran, int Tenants, int StepsChanged, int NewlyRed, int TenantsFailed)
{
    public static readonly SweepReport LockTaken = new(false, 0, 0, 0, 0);
}

/// <summary>
/// Recolours every open pending step of every active tenant for China's today, and tells people: the responsible
/// people when a step turns yellow, the committee and the responsible people once when it turns red (RedNotifiedAt).
/// One sweep at a time across all app servers: the run holds a MariaDB named lock on its own connection.
/// </summary>
public static class TimeLimitSweep
{
    public const string LockPrefix = "communityfund-timelimit-sweep";

    /// <summary>
    /// Named locks are server-wide; the catalog database's name is part of the lock so two deployments (or two test
    /// databases) on one server do not block each other. MariaDB allows 64 characters.
    /// </summary>
    public static string LockName(string database)
    {
        var name = $"{LockPrefix}:{database}";
        return name.Length <= 64 ? name : name[..64];
    }

    public static async Task<SweepReport> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TimeLimitSweep).FullName!);
        var builder = new MySqlConnectionStringBuilder(configuration.DefaultConnectionString());
        var lockName = LockName(builder.Database);
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        if (!await TryLockAsync(connection, lockName, ct))
        {
            logger.LogInformation("Time-limit sweep skipped: another sweep holds {Lock}", lockName);
            return SweepReport.LockTaken;
        }
        try
        {
            List<Tenant> tenants;
            await using (var scope = services.CreateAsyncScope())
            {
                tenants = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.AsNoTracking()
                    .Where(t => t.Status == TenantStatus.Active).OrderBy(t => t.Identifier).ToListAsync(ct);
            }
            int changed = 0, red = 0, failed = 0;
            foreach (var tenant in tenants)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var (c, r) = await SweepTenantAsync(services, tenant.ToInfo(), ct);
                    changed += c;
                    red += r;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One tenant's trouble (e.g. its own database server is down) must not stop the others.
                    failed++;
                    logger.LogError(ex, "Time-limit sweep failed for tenant {Tenant}", tenant.Identifier);
                }
            }
            logger.LogInformation("Time-limit sweep: {Tenants} tenants, {Changed} steps recoloured, {Red} newly red, {Failed} failed",
                tenants.Count, changed, red, failed);
            return new SweepReport(true, tenants.Count, changed, red, failed);
        }
        finally
        {
            await using var release = new MySqlCommand("SELECT RELEASE_LOCK(@name)", connection);
            release.Parameters.AddWithValue("@name", lockName);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> TryLockAsync(MySqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SELECT GET_LOCK(@name, 0)", connection);
        command.Parameters.AddWithValue("@name", name);
        return await command.ExecuteScalarAsync(ct) is { } result and not DBNull && Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>One tenant in one transaction (retried whole on a deadlock): recolour, notify, mark red as notified.</summary>
    private static async Task<(int Changed, int NewlyRed)> SweepTenantAsync(IServiceProvider services, TenantInfo tenant, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<ITenantContext>().Set(tenant);
        var db = sp.GetRequiredService<AppDbContext>();
        var notifier = sp.GetRequiredService<Notifier>();
        var t = sp.GetRequiredService<IStringLocalizer<NotificationResource>>();
        var clock = sp.GetRequiredService<TimeProvider>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var result = await RecolourAsync(db, notifier, t, clock, token);
            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
    }

    private static async Task<(int Changed, int NewlyRed)> RecolourAsync(AppDbContext db, Notifier notifier, IStringLocalizer<NotificationResource> t,
        TimeProvider clock, CancellationToken ct)
    {
        var steps = await db.Set<PendingStep>().Where(s => s.ClosedAt == null).OrderBy(s => s.StartedOn).ToListAsync(ct);
        if (steps.Count == 0) return (0, 0);
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var calendar = await CalendarAsync(db, steps[0].StartedOn, ct);

        var changed = 0;
        var turnedYellow = new List<PendingStep>();
        var turnedRed = new List<PendingStep>();
        foreach (var step in steps.Where(s => s.LimitWorkingDays > 0))
        {
            var state = TimeLimitRule.StateOn(calendar, step.StartedOn, step.LimitWorkingDays, today);
            if (state != step.State)
            {
                if (step.State == TimeLimitState.Green && state == TimeLimitState.Yellow) turnedYellow.Add(step);
                step.State = state;
                changed++;
            }
            if (state == TimeLimitState.Red && step.RedNotifiedAt is null)
            {
                step.RedNotifiedAt = now;
                turnedRed.Add(step);
            }
        }

        var holders = new Dictionary<TenantRole, List<Guid>>();
        async Task<List<Guid>> Holders(TenantRole role) =>
            holders.TryGetValue(role, out var ids) ? ids : holders[role] = await Notifier.HoldersAsync(db, role, ct);
        async Task<List<Guid>> Responsible(PendingStep s) => s.ResponsibleUserId is { } user ? [user] : await Holders(s.ResponsibleRole);

        foreach (var s in turnedYellow)
        {
            var due = calendar.AddWorkingDays(s.StartedOn, s.LimitWorkingDays);
            await notifier.NotifyAsync(await Responsible(s),
                () => new NotificationText(t["TimeLimit.YellowTitle", s.Title], t["TimeLimit.YellowBody", s.Title, t["TimedStep." + s.Step], Formats.Date(due), s.LimitWorkingDays]),
                s.Link, ct);
        }
        foreach (var s in turnedRed)
        {
            var due = calendar.AddWorkingDays(s.StartedOn, s.LimitWorkingDays);
            var recipients = (await Holders(TenantRole.Committee)).Concat(await Responsible(s));
            await notifier.NotifyAsync(recipients,
                () => new NotificationText(t["TimeLimit.RedTitle", s.Title], t["TimeLimit.RedBody", s.Title, t["TimedStep." + s.Step], s.LimitWorkingDays, Formats.Date(due)]),
                s.Link, ct);
        }
        return (changed, turnedRed.Count);
    }

    /// <summary>The tenant's working calendar from <paramref name="from"/> on (earlier holidays cannot matter).</summary>
    public static async Task<WorkingCalendar> CalendarAsync(AppDbContext db, DateOnly from, CancellationToken ct)
    {
        var days = await db.Set<Holiday>().Where(h => h.Date > from).Select(h => new { h.Date, h.IsWorkingDay }).ToListAsync(ct);
        return new(days.Where(d => !d.IsWorkingDay).Select(d => d.Date), days.Where(d => d.IsWorkingDay).Select(d => d.Date));
    }
}

/// <summary>Runs <see cref="TimeLimitSweep"/> every TimeLimits:SweepMinutes (default 15; 0 or less turns it off).</summary>
public sealed class TimeLimitSweeper(IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger<TimeLimitSweeper> logger)
    : BackgroundService
{
    public const string MinutesKey = "TimeLimits:SweepMinutes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue(MinutesKey, 15);
        if (minutes <= 0)
        {
            logger.LogInformation("Time-limit sweeps are off ({Key} = {Minutes})", MinutesKey, minutes);
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TimeLimitSweep.RunAsync(services, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Time-limit sweep failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}

public static class TimeLimitsServiceCollectionExtensions
{
    /// <summary>The background sweeper (the sweep itself needs <see cref="Notifier"/>: call AddNotifications, which calls this).</summary>
    public static IServiceCollection AddTimeLimits(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TimeLimitSweeper>());
        return services;
    }
}
