using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.NotificationTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.TimeLimits;
using static CommunityFund.UnitTests.Features.Grants.TimeLimitTests.TimeLimitSweepTests;

namespace CommunityFund.UnitTests.Features.Grants.TimeLimitTests;

/// <summary>The background service runs the sweep on its schedule (TimeLimits:SweepMinutes) off the app's clock.</summary>
public class TimeLimitSweeperTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task The_sweeper_recolours_steps_when_its_minutes_have_passed()
    {
        using var app = new NotifyingApp(f, sweepMinutes: 15);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        var step = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 1), w.Secretary);

        Assert.Equal(TimeLimitState.Green, await StateAsync());
        await Task.Delay(500);
        Assert.Equal(TimeLimitState.Green, await StateAsync()); // nothing runs before its time

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await StateAsync() != TimeLimitState.Red && DateTime.UtcNow < deadline)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15));
            await Task.Delay(200);
        }
        Assert.Equal(TimeLimitState.Red, await StateAsync());
        Assert.Equal(3, (await app.NotificationsAsync(w.Tenant)).Count);

        Task<TimeLimitState> StateAsync() => app.ReadAsync(w.Tenant, db => db.Set<PendingStep>().Where(s => s.Id == step).Select(s => s.State).SingleAsync());
    }

    [Fact]
    public async Task No_sweeper_runs_when_the_minutes_are_zero()
    {
        using var app = new NotifyingApp(f, sweepMinutes: 0);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        var step = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 1), w.Secretary);
        for (var i = 0; i < 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15));
            await Task.Delay(100);
        }
        Assert.Equal(TimeLimitState.Green, await app.ReadAsync(w.Tenant, db => db.Set<PendingStep>().Where(s => s.Id == step).Select(s => s.State).SingleAsync()));
    }
}
