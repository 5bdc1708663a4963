using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.NotificationTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using static CommunityFund.UnitTests.Features.Grants.TimeLimitTests.TimeLimitSweepTests;
using IndexModel = CommunityFund.Web.Features.Grants.TimeLimits.IndexModel;

namespace CommunityFund.UnitTests.Features.Grants.TimeLimitTests;

/// <summary>The /time-limits dashboard: grouped by who must act, coloured for today, filtered by colour.</summary>
public class TimeLimitDashboardTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Open_steps_are_grouped_by_person_or_role_worst_first_and_filtered_by_colour()
    {
        using var app = new NotifyingApp(f);
        var w = await ContestWorld.CreateAsync(f);
        app.SetChinaTime(2026, 6, 25); // a Thursday; no holidays in this fund
        var red = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 16), w.Secretary, title: "提案 P-001 初审");       // 7 of 5 working days
        var green = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 24), w.Secretary, title: "提案 P-009 初审");     // 1 of 5
        var yellow = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 18), w.Committee, TenantRole.Committee,
            title: "拨付申请 审批", step: TimedStep.Approval, limit: 5);                                                     // 5 of 5: due today
        var byRole = await OpenAsync(app, w.Tenant, new DateOnly(2026, 6, 23), null, TenantRole.Secretariat, title: "中期报告审核",
            step: TimedStep.ReportReview);                                                                                 // 2 of 10
        var closed = await OpenAsync(app, w.Tenant, new DateOnly(2026, 5, 1), w.Secretary, title: "已办结的事项");
        var subject = await app.ReadAsync(w.Tenant, db => Task.FromResult(db.Set<PendingStep>().Single(s => s.Id == closed).SubjectId));
        await app.InTransactionAsync(w.Tenant, sp => PendingSteps.CloseAsync(sp.GetRequiredService<AppDbContext>(), TimedStep.Screening, subject, app.Clock.GetUtcNow()));
        var elsewhere = await f.CreateTenantAsync();
        await OpenAsync(app, elsewhere, new DateOnly(2026, 6, 1), title: "别的基金的事项");

        var all = await app.SendAsync(new IndexModel.Query(), w.Auditor, w.Tenant);
        Assert.Equal(new[] { w.Secretary.Id, (Guid?)w.Committee.Id, null }, all.Groups.Select(g => g.UserId));
        Assert.Equal([red, green], all.Groups[0].Rows.Select(r => r.Id));
        Assert.Equal("测试用户", all.Groups[0].PersonName);
        Assert.Equal((TenantRole.Secretariat, (string?)null), (all.Groups[2].Role, all.Groups[2].PersonName));
        Assert.DoesNotContain(all.Groups.SelectMany(g => g.Rows), r => r.Title is "已办结的事项" or "别的基金的事项");
        Assert.Equal(new Dictionary<TimeLimitState, int> { [TimeLimitState.Green] = 2, [TimeLimitState.Yellow] = 1, [TimeLimitState.Red] = 1 }, all.Counts);

        var r1 = all.Groups[0].Rows[0];
        Assert.Equal((TimeLimitState.Red, new DateOnly(2026, 6, 23), 2), (r1.State, r1.Due, r1.OverdueWorkingDays));
        var y = Assert.Single(all.Groups[1].Rows);
        Assert.Equal((yellow, TimeLimitState.Yellow, new DateOnly(2026, 6, 25), 0), (y.Id, y.State, y.Due, y.WorkingDaysLeft));
        Assert.Equal((byRole, TimeLimitState.Green, 8), (all.Groups[2].Rows[0].Id, all.Groups[2].Rows[0].State, all.Groups[2].Rows[0].WorkingDaysLeft));

        var onlyRed = await app.SendAsync(new IndexModel.Query { State = TimeLimitState.Red }, w.Committee, w.Tenant);
        Assert.Equal([red], onlyRed.Groups.SelectMany(g => g.Rows).Select(r => r.Id));
        Assert.Equal(TimeLimitState.Red, onlyRed.Filter);
        var onlyGreen = await app.SendAsync(new IndexModel.Query { State = TimeLimitState.Green }, w.Secretary, w.Tenant);
        Assert.Equal(new[] { w.Secretary.Id, (Guid?)null }, onlyGreen.Groups.Select(g => g.UserId));

        await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(new IndexModel.Query(), w.OrgMember, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.SendAsync(new IndexModel.Query(), w.OrgMember, elsewhere));
    }

    [Fact]
    public async Task Over_http_staff_see_the_dashboard_with_red_said_in_words_and_others_are_refused()
    {
        var w = await ContestWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var anonymous = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var secretary = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(secretary, t, w.Secretary.Email!, SliceFixture.Password);

        var empty = await secretary.GetAsync($"/{t}/time-limits");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("data-testid=\"time-limits-empty\"", await empty.Content.ReadAsStringAsync());

        using var app = new NotifyingApp(f);
        var today = TimeProvider.System.Today();
        var late = await OpenAsync(app, w.Tenant, today.AddDays(-30), w.Secretary, title: "超时很久的初审");
        await OpenAsync(app, w.Tenant, today, w.Committee, TenantRole.Committee, title: "刚开始的审批", step: TimedStep.Approval);

        var page = await secretary.GetStringAsync($"/{t}/time-limits");
        Assert.Contains($"data-testid=\"step-{late}\" data-state=\"Red\"", page);
        Assert.Contains("已超时", page);
        Assert.Contains("超时很久的初审", page);
        Assert.Contains("刚开始的审批", page);
        Assert.Contains($"data-testid=\"group-{w.Secretary.Id}\"", page);
        Assert.Contains($"href=\"/{t}/contests\"", page);

        var filtered = await secretary.GetStringAsync($"/{t}/time-limits?state=red");
        Assert.Contains("超时很久的初审", filtered);
        Assert.DoesNotContain("刚开始的审批", filtered);
        Assert.Equal(HttpStatusCode.OK, (await secretary.GetAsync($"/{t}/time-limits?state=nonsense")).StatusCode);

        var member = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(member, t, w.OrgMember.Email!, SliceFixture.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/{t}/time-limits")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/{t}/inbox")).StatusCode); // everyone has an inbox
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/{t}/time-limits")).StatusCode);
    }
}
