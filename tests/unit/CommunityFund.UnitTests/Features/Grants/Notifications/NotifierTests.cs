using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Grants.NotificationTests;

/// <summary>The notifier: inbox rows in the caller's unit of work, e-mails only once that work is committed.</summary>
public class NotifierTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Rows_are_saved_with_the_work_and_the_mail_goes_out_only_when_it_commits()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);

        await app.InScopeAsync(w.Tenant, null, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await NotifyingApp.InStrategyAsync(db, async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                await sp.GetRequiredService<Notifier>().NotifyAsync([w.Secretary.Id, w.Committee.Id, w.Secretary.Id], "请审核报销单 BX-0001", "石桥铺阳光社工服务中心提交了报销单。", "/claims/1");
                await db.SaveChangesAsync();
                Assert.Empty(PickupMail.To(f, w.Secretary)); // saved but not committed: nothing is sent yet
                Assert.Equal(2, sp.GetRequiredService<AfterCommitMail>().PendingFor(db)); // two recipients (the duplicate id counts once)
                await tx.CommitAsync();
            });
            return 0;
        });

        var rows = await app.NotificationsAsync(w.Tenant);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, n => Assert.Equal(("请审核报销单 BX-0001", "/claims/1", (DateTimeOffset?)null), (n.Title, n.Link, n.ReadAt)));
        var mail = Assert.Single(PickupMail.To(f, w.Secretary));
        Assert.Equal("【测试街道社区基金】请审核报销单 BX-0001", mail.Subject);
        Assert.Contains("石桥铺阳光社工服务中心提交了报销单。", mail.TextBody);
        Assert.Contains($"/{w.Tenant.Identifier}/claims/1", mail.TextBody);
        Assert.Single(PickupMail.To(f, w.Committee));
    }

    [Fact]
    public async Task Work_that_rolls_back_leaves_no_row_and_sends_no_mail()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);

        await app.InScopeAsync(w.Tenant, null, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await NotifyingApp.InStrategyAsync(db, async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                await sp.GetRequiredService<Notifier>().NotifyAsync([w.Secretary.Id], "不会发出的通知", "正文", null);
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            });
            return 0;
        });
        // A later, committed unit of work in the same scope must not carry the rolled-back mail along.
        await app.InScopeAsync(w.Tenant, null, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var notifier = sp.GetRequiredService<Notifier>();
            await NotifyingApp.InStrategyAsync(db, async () =>
            {
                await using (var tx = await db.Database.BeginTransactionAsync())
                {
                    await notifier.NotifyAsync([w.Secretary.Id], "也不会发出", "正文", null);
                    await db.SaveChangesAsync();
                } // disposed without commit: rolled back
                db.ChangeTracker.Clear();
                await using (var tx = await db.Database.BeginTransactionAsync())
                {
                    await notifier.NotifyAsync([w.Committee.Id], "会发出的通知", "正文", null);
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                }
            });
            return 0;
        });

        Assert.Equal(["会发出的通知"], (await app.NotificationsAsync(w.Tenant)).Select(n => n.Title));
        Assert.Empty(PickupMail.To(f, w.Secretary));
        Assert.Equal("【测试街道社区基金】会发出的通知", Assert.Single(PickupMail.To(f, w.Committee)).Subject);
    }

    [Fact]
    public async Task Outside_a_transaction_the_mail_goes_out_after_SaveChanges()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        await app.InScopeAsync(w.Tenant, null, async sp =>
        {
            await sp.GetRequiredService<Notifier>().NotifyAsync([w.Secretary.Id], "无事务的通知", "正文", null);
            Assert.Empty(PickupMail.To(f, w.Secretary));
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return 0;
        });
        Assert.Single(PickupMail.To(f, w.Secretary));
        Assert.Single(await app.NotificationsAsync(w.Tenant));
    }

    [Fact]
    public async Task A_role_notification_reaches_every_holder_in_their_own_language()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        var english = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, english, TenantRole.Committee);
        await SetCultureAsync(english, "en");

        await app.InTransactionAsync(w.Tenant, async sp =>
        {
            var t = sp.GetRequiredService<IStringLocalizer<NotificationResource>>();
            await sp.GetRequiredService<Notifier>().NotifyRoleAsync(TenantRole.Committee,
                () => new NotificationText(t["TimeLimit.RedTitle", "BX-0002"], t["TimeLimit.RedBody", "BX-0002", t["TimedStep.ClaimReview"], 5, "2026-06-24"]),
                "/claims/2");
            return 0;
        });

        var rows = await app.NotificationsAsync(w.Tenant);
        Assert.Equal(2, rows.Count); // the two committee members, not the secretary
        Assert.Equal("已超时：BX-0002", rows.Single(n => n.UserId == w.Committee.Id).Title);
        Assert.Contains("报销审核", rows.Single(n => n.UserId == w.Committee.Id).Body);
        Assert.Equal("Overdue: BX-0002", rows.Single(n => n.UserId == english.Id).Title);
        Assert.Contains("Claim review", rows.Single(n => n.UserId == english.Id).Body);
        var englishMail = Assert.Single(PickupMail.To(f, english));
        Assert.Equal($"[Test Fund {w.Tenant.Identifier}] Overdue: BX-0002", englishMail.Subject);
        Assert.Contains("Open it here:", englishMail.TextBody);
        Assert.Contains("查看并办理：", Assert.Single(PickupMail.To(f, w.Committee)).TextBody);
        Assert.Empty(PickupMail.To(f, w.Secretary));
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("claims/1")]
    [InlineData("/\\evil.example")]
    public async Task A_link_that_could_leave_the_tenant_is_refused(string link)
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ArgumentException>(() => app.InScopeAsync(w.Tenant, null, async sp =>
        {
            await sp.GetRequiredService<Notifier>().NotifyAsync([w.Secretary.Id], "标题", "正文", link);
            return 0;
        }));
    }

    private async Task SetCultureAsync(AppUser user, string culture)
    {
        using var scope = f.Factory.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var u = await catalog.Users.SingleAsync(x => x.Id == user.Id);
        u.PreferredCulture = culture;
        await catalog.SaveChangesAsync();
    }
}
