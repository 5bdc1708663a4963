using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Features.Grants.NotificationTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Grants.TimeLimitTests;

/// <summary>The sweep: colours by working days in China, red notifies once, one runner at a time.</summary>
public class TimeLimitSweepTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    internal static Task<Guid> OpenAsync(NotifyingApp app, TenantInfo tenant, DateOnly started, AppUser? responsible = null,
        TenantRole role = TenantRole.Secretariat, string title = "提案 P-001 初审", TimedStep step = TimedStep.Screening, Guid? subject = null, int? limit = null) =>
        app.InTransactionAsync(tenant, sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var s = limit is { } days
                ? PendingSteps.Open(db, step, subject ?? Guid.NewGuid(), title, "/contests", role, responsible?.Id, started, days)
                : PendingSteps.Open(db, step, subject ?? Guid.NewGuid(), title, "/contests", role, responsible?.Id, started, GrantSettings.Defaults(tenant.Id));
            return Task.FromResult(s.Id);
        });

    private static Task<PendingStep> StepAsync(NotifyingApp app, TenantInfo tenant, Guid id) =>
        app.ReadAsync(tenant, db => db.Set<PendingStep>().AsNoTracking().SingleAsync(s => s.Id == id));

    [Fact]
    public async Task A_five_day_step_opened_on_a_tuesday_before_a_holiday_turns_yellow_and_red_on_the_right_working_days()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        // 2026-06-16 is a Tuesday; Friday 19 June (端午节) is a holiday in this fund's calendar.
        await app.InTransactionAsync(w.Tenant, sp =>
        {
            sp.GetRequiredService<AppDbContext>().Add(new Holiday { Date = new DateOnly(2026, 6, 19), Name = "端午节" });
            return Task.FromResult(0);
        });
        var step = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 16), w.Secretary);
        // The same step in a fund without that holiday is a working day ahead.
        var plain = await f.CreateTenantAsync();
        var control = await OpenAsync(app, plain, new DateOnly(2026, 6, 16));

        async Task<(TimeLimitState, TimeLimitState)> SweepOn(int month, int day, int hour = 9)
        {
            app.SetChinaTime(2026, month, day, hour);
            Assert.True((await app.SweepAsync()).Ran);
            return ((await StepAsync(app, w.Tenant, step)).State, (await StepAsync(app, plain, control)).State);
        }

        Assert.Equal((TimeLimitState.Green, TimeLimitState.Green), await SweepOn(6, 16));  // the start day does not count
        Assert.Equal((TimeLimitState.Green, TimeLimitState.Green), await SweepOn(6, 18));  // 2 working days
        Assert.Equal((TimeLimitState.Green, TimeLimitState.Green), await SweepOn(6, 19));  // the holiday: still 2 (control: 3)
        Assert.Equal((TimeLimitState.Green, TimeLimitState.Green), await SweepOn(6, 21));  // Sunday
        Assert.Equal((TimeLimitState.Green, TimeLimitState.Yellow), await SweepOn(6, 22)); // Monday: 3 of 5 (control: 4 = 80%)
        Assert.Empty((await app.NotificationsAsync(w.Tenant)));

        // 01:00 on Tuesday in China is still Monday in UTC: China's date counts.
        Assert.Equal((TimeLimitState.Yellow, TimeLimitState.Yellow), await SweepOn(6, 23, hour: 1));
        var yellow = Assert.Single(await app.NotificationsAsync(w.Tenant));
        Assert.Equal((w.Secretary.Id, "即将到期：提案 P-001 初审"), (yellow.UserId, yellow.Title));
        Assert.Contains("2026-06-24", yellow.Body); // the due day

        Assert.Equal((TimeLimitState.Yellow, TimeLimitState.Red), await SweepOn(6, 24));   // the due day is on time
        Assert.Single(await app.NotificationsAsync(w.Tenant));
        Assert.Equal((TimeLimitState.Red, TimeLimitState.Red), await SweepOn(6, 25));      // 6 of 5

        var notes = await app.NotificationsAsync(w.Tenant);
        Assert.Equal(4, notes.Count);
        var red = notes.Where(n => n.Title == "已超时：提案 P-001 初审").Select(n => n.UserId).Order().ToList();
        Assert.Equal(new[] { w.Committee.Id, w.Committee2.Id, w.Secretary.Id }.Order(), red);
        Assert.NotNull((await StepAsync(app, w.Tenant, step)).RedNotifiedAt);
    }

    [Fact]
    public async Task A_red_step_tells_the_committee_and_the_responsible_person_once_by_inbox_and_mail()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        var step = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 1), w.Secretary, title: "报销单 BX-0007 审核", step: TimedStep.ClaimReview);

        var first = await app.SweepAsync();
        Assert.True(first.Ran);
        Assert.True(first.NewlyRed >= 1);
        var notes = await app.NotificationsAsync(w.Tenant);
        Assert.Equal(new[] { w.Committee.Id, w.Committee2.Id, w.Secretary.Id }.Order(), notes.Select(n => n.UserId).Order());
        Assert.All(notes, n => Assert.Equal(("已超时：报销单 BX-0007 审核", "/contests"), (n.Title, n.Link)));
        foreach (var person in new[] { w.Committee, w.Committee2, w.Secretary })
        {
            var mail = Assert.Single(PickupMail.To(f, person));
            Assert.Equal("【测试街道社区基金】已超时：报销单 BX-0007 审核", mail.Subject);
            Assert.Contains("报销审核", mail.TextBody);
        }
        Assert.Empty(PickupMail.To(f, w.Auditor));
        Assert.Empty(PickupMail.To(f, w.OrgMember));

        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = await app.SweepAsync();
        Assert.True(second.Ran);
        Assert.Equal(3, (await app.NotificationsAsync(w.Tenant)).Count);
        Assert.Single(PickupMail.To(f, w.Committee));
        Assert.Single(PickupMail.To(f, w.Secretary));
        Assert.Equal(TimeLimitState.Red, (await StepAsync(app, w.Tenant, step)).State);
    }

    [Fact]
    public async Task A_red_step_without_a_person_tells_everyone_holding_its_role()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 1), responsible: null, role: TenantRole.Auditor, title: "审计抽查");
        await app.SweepAsync();
        var ids = (await app.NotificationsAsync(w.Tenant)).Select(n => n.UserId).Order();
        Assert.Equal(new[] { w.Committee.Id, w.Committee2.Id, w.Auditor.Id }.Order(), ids);
    }

    [Fact]
    public async Task Two_sweeps_started_together_run_once_and_the_other_reports_the_lock_was_taken()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        var step = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 1), w.Secretary);

        // Hold the step's row so whichever sweep gets the lock stays inside its run until we let go.
        await using var holder = new MySqlConnection(f.Database.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var select = new MySqlCommand("SELECT Id FROM PendingSteps WHERE Id = @id FOR UPDATE", holder, tx))
        {
            select.Parameters.AddWithValue("@id", step.ToString());
            await select.ExecuteScalarAsync();
        }

        var sweeps = new[] { Task.Run(app.SweepAsync), Task.Run(app.SweepAsync) };
        var any = Task.WhenAny(sweeps);
        Assert.Same(any, await Task.WhenAny(any, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.False((await await any).Ran); // the first to finish is the one that found the lock taken
        Assert.Equal(1, sweeps.Count(s => !s.IsCompleted)); // while the other is still inside its run
        await tx.RollbackAsync();

        var reports = await Task.WhenAll(sweeps);
        Assert.Single(reports, r => r.Ran);
        Assert.Single(reports, r => !r.Ran);
        Assert.Equal(TimeLimitState.Red, (await StepAsync(app, w.Tenant, step)).State);
        Assert.Equal(3, (await app.NotificationsAsync(w.Tenant)).Count); // notified by the one that ran, once

        Assert.True((await app.SweepAsync()).Ran); // the lock was released
    }

    [Fact]
    public async Task Opening_a_step_twice_keeps_one_clock_and_a_closed_step_is_left_alone()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 7, 10);
        var subject = Guid.NewGuid();
        var (a, b) = await app.InTransactionAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var s1 = await PendingSteps.OpenAsync(db, TimedStep.Payment, subject, "拨付第一笔", "/contests", TenantRole.Secretariat, null, new DateOnly(2026, 6, 1), CancellationToken.None);
            var s2 = await PendingSteps.OpenAsync(db, TimedStep.Payment, subject, "拨付第一笔", "/contests", TenantRole.Secretariat, null, new DateOnly(2026, 7, 9), CancellationToken.None);
            return (s1, s2);
        });
        Assert.Same(a, b);
        Assert.Equal(3, a.LimitWorkingDays); // the tenant's default for payments
        var again = await app.InTransactionAsync(w.Tenant, sp => PendingSteps.OpenAsync(sp.GetRequiredService<AppDbContext>(), TimedStep.Payment, subject,
            "拨付第一笔", "/contests", TenantRole.Secretariat, null, new DateOnly(2026, 7, 9), CancellationToken.None));
        Assert.Equal(a.Id, again.Id);
        Assert.Equal(1, await app.ReadAsync(w.Tenant, db => db.Set<PendingStep>().CountAsync(s => s.SubjectId == subject)));

        var closedAt = app.Clock.GetUtcNow();
        Assert.Equal(1, await app.InTransactionAsync(w.Tenant, sp => PendingSteps.CloseAsync(sp.GetRequiredService<AppDbContext>(), TimedStep.Payment, subject, closedAt)));
        await app.SweepAsync();
        var closed = await StepAsync(app, w.Tenant, a.Id);
        Assert.Equal((TimeLimitState.Green, (DateTimeOffset?)null), (closed.State, closed.RedNotifiedAt));
        Assert.NotNull(closed.ClosedAt);
        Assert.Empty(await app.NotificationsAsync(w.Tenant));

        // A new hand-off of the same subject opens a new step with a new clock.
        var reopened = await app.InTransactionAsync(w.Tenant, sp => PendingSteps.OpenAsync(sp.GetRequiredService<AppDbContext>(), TimedStep.Payment, subject,
            "拨付第一笔", "/contests", TenantRole.Secretariat, null, new DateOnly(2026, 7, 9), CancellationToken.None));
        Assert.NotEqual(a.Id, reopened.Id);
    }
}
