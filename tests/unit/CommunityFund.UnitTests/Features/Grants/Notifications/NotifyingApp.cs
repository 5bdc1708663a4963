using System.Globalization;
using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Grants.NotificationTests;

/// <summary>
/// The app over the fixture's database with notifications registered (as CommunityFundApp will once it calls
/// AddNotifications, registered by the app) and a fake clock. The background sweeper is off unless a test asks for it.
/// </summary>
public sealed class NotifyingApp : IDisposable
{
    public WebApplicationFactory<Program> Factory { get; }
    public FakeTimeProvider Clock { get; }
    public SliceFixture F { get; }

    public NotifyingApp(SliceFixture f, DateTimeOffset? start = null, int sweepMinutes = 0)
    {
        F = f;
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 6, 16, 1, 0, 0, TimeSpan.Zero));
        Factory = f.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting(TimeLimitSweeper.MinutesKey, sweepMinutes.ToString(CultureInfo.InvariantCulture));
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
    }

    /// <summary>China time → the fake clock.</summary>
    public void SetChinaTime(int year, int month, int day, int hour = 9) =>
        Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8)));

    public async Task<T> InScopeAsync<T>(TenantInfo? tenant, AppUser? user, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (tenant is not null) sp.GetRequiredService<ITenantContext>().Set(tenant);
        var http = new DefaultHttpContext { RequestServices = sp };
        if (user is not null)
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Email!), new Claim(ClaimTypes.Email, user.Email!)], "Test"));
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var outer = accessor.HttpContext;
        accessor.HttpContext = http;
        try
        {
            return await action(sp);
        }
        finally
        {
            accessor.HttpContext = outer;
        }
    }

    public Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, AppUser user, TenantInfo tenant) =>
        InScopeAsync(tenant, user, sp => sp.GetRequiredService<IMediator>().Send(request));

    /// <summary>Work done the way a command does it: one transaction, SaveChanges, commit.</summary>
    public Task<T> InTransactionAsync<T>(TenantInfo tenant, Func<IServiceProvider, Task<T>> work) =>
        InScopeAsync(tenant, null, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync();
                var result = await work(sp);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
                return result;
            });
        });

    /// <summary>Hand-made transactions need the retrying strategy around them (no retry happens in these tests).</summary>
    public static Task InStrategyAsync(AppDbContext db, Func<Task> work) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(work);

    public Task<SweepReport> SweepAsync() => TimeLimitSweep.RunAsync(Factory.Services, CancellationToken.None);

    public Task<T> ReadAsync<T>(TenantInfo tenant, Func<AppDbContext, Task<T>> read) =>
        InScopeAsync(tenant, null, sp => read(sp.GetRequiredService<AppDbContext>()));

    public Task<List<Notification>> NotificationsAsync(TenantInfo tenant) =>
        ReadAsync(tenant, db => db.Set<Notification>().AsNoTracking().OrderBy(n => n.CreatedAt).ToListAsync());

    public void Dispose() => Factory.Dispose();
}

/// <summary>The messages in the fixture's pickup folder.</summary>
public static class PickupMail
{
    public static List<MimeMessage> All(SliceFixture f) =>
        Directory.Exists(f.MailDirectory)
            ? [.. Directory.GetFiles(f.MailDirectory, "*.eml").Order(StringComparer.Ordinal).Select(p => MimeMessage.Load(p))]
            : [];

    public static List<MimeMessage> To(SliceFixture f, AppUser user) =>
        All(f).Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, user.Email, StringComparison.OrdinalIgnoreCase))).ToList();
}
