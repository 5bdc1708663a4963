using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Grants.NotificationTests;

/// <summary>The inbox (/inbox) and the header's unread count.</summary>
public partial class InboxTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Task NotifyAsync(NotifyingApp app, TenantInfo tenant, AppUser user, string title, string? link = null) =>
        app.InTransactionAsync(tenant, async sp =>
        {
            await sp.GetRequiredService<Notifier>().NotifyAsync([user.Id], title, "正文：" + title, link);
            return 0;
        });

    [Fact]
    public async Task The_inbox_shows_only_my_notifications_in_this_tenant_and_marks_them_read()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        var other = await f.CreateTenantAsync();
        await f.GrantAsync(other, w.Secretary, TenantRole.Secretariat);

        await NotifyAsync(app, w.Tenant, w.Secretary, "第一条", "/contests");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await NotifyAsync(app, w.Tenant, w.Secretary, "第二条");
        await NotifyAsync(app, w.Tenant, w.Committee, "委员的通知");
        await NotifyAsync(app, other, w.Secretary, "另一个基金的通知");

        var inbox = await app.SendAsync(new InboxModel.Query(), w.Secretary, w.Tenant);
        Assert.Equal(["第二条", "第一条"], inbox.Rows.Select(r => r.Title)); // newest first, nobody else's, no other tenant's
        Assert.Equal(2, inbox.Unread);
        Assert.All(inbox.Rows, r => Assert.False(r.Read));

        var first = inbox.Rows.Single(r => r.Title == "第一条").Id;
        Assert.Equal("/contests", await app.SendAsync(new InboxModel.Open { Id = first }, w.Secretary, w.Tenant));
        inbox = await app.SendAsync(new InboxModel.Query(), w.Secretary, w.Tenant);
        Assert.Equal(1, inbox.Unread);
        Assert.True(inbox.Rows.Single(r => r.Id == first).Read);

        // Someone else's notification cannot be opened by id, nor one of mine through another tenant.
        var committees = await app.SendAsync(new InboxModel.Query(), w.Committee, w.Tenant);
        var theirs = Assert.Single(committees.Rows).Id;
        await Assert.ThrowsAsync<NotFoundException>(() => app.SendAsync(new InboxModel.Open { Id = theirs }, w.Secretary, w.Tenant));
        var elsewhere = Assert.Single((await app.SendAsync(new InboxModel.Query(), w.Secretary, other)).Rows).Id;
        await Assert.ThrowsAsync<NotFoundException>(() => app.SendAsync(new InboxModel.Open { Id = elsewhere }, w.Secretary, w.Tenant));

        Assert.Equal(1, await app.SendAsync(new InboxModel.MarkAllRead(), w.Secretary, w.Tenant));
        Assert.Equal(0, (await app.SendAsync(new InboxModel.Query(), w.Secretary, w.Tenant)).Unread);
        Assert.Equal(1, (await app.SendAsync(new InboxModel.Query(), w.Committee, w.Tenant)).Unread); // not theirs to mark
        Assert.Equal(1, (await app.SendAsync(new InboxModel.Query(), w.Secretary, other)).Unread);     // nor the other fund's
    }

    [Fact]
    public async Task The_inbox_pages_after_twenty_notifications()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        for (var i = 1; i <= InboxModel.PageSize + 3; i++)
        {
            await NotifyAsync(app, w.Tenant, w.Committee, $"通知 {i:00}");
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var page1 = await app.SendAsync(new InboxModel.Query { Page = 1 }, w.Committee, w.Tenant);
        var page2 = await app.SendAsync(new InboxModel.Query { Page = 2 }, w.Committee, w.Tenant);
        Assert.Equal((2, InboxModel.PageSize, "通知 23"), (page1.Pages, page1.Rows.Count, page1.Rows[0].Title));
        Assert.Equal(["通知 03", "通知 02", "通知 01"], page2.Rows.Select(r => r.Title));
    }

    [GeneratedRegex("data-testid=\"unread-count\">([^<]*)<")]
    private static partial Regex UnreadBadge();

    [Fact]
    public async Task Over_http_the_header_counts_my_unread_notifications_and_the_inbox_opens_them()
    {
        using var app = new NotifyingApp(f);
        var w = await LedgerWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        await NotifyAsync(app, w.Tenant, w.Secretary, "请初审提案 P-001", "/contests");
        await NotifyAsync(app, w.Tenant, w.Secretary, "没有链接的通知");
        await NotifyAsync(app, w.Tenant, w.Committee, "委员的通知");

        // The pages need nothing registered: the plain app serves them.
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, w.Secretary.Email!, SliceFixture.Password);

        var home = await client.GetStringAsync($"/{t}/contests");
        Assert.Contains("data-testid=\"inbox-link\"", home);
        Assert.Equal("2", UnreadBadge().Match(home).Groups[1].Value);

        var inboxResponse = await client.GetAsync($"/{t}/inbox");
        Assert.Equal(HttpStatusCode.OK, inboxResponse.StatusCode);
        var inbox = await inboxResponse.Content.ReadAsStringAsync();
        Assert.Contains("请初审提案 P-001", inbox);
        Assert.DoesNotContain("委员的通知", inbox);
        Assert.Contains("fw-bold", inbox);

        var id = (await app.SendAsync(new InboxModel.Query(), w.Secretary, w.Tenant)).Rows.Single(r => r.Title == "请初审提案 P-001").Id;
        var token = await HttpLogin.AntiforgeryTokenAsync(client, $"/{t}/inbox");
        var open = await client.PostAsync($"/{t}/inbox?handler=Open&id={id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/{t}/contests", open.Headers.Location!.OriginalString);
        Assert.Equal("1", UnreadBadge().Match(await client.GetStringAsync($"/{t}/contests")).Groups[1].Value);

        token = await HttpLogin.AntiforgeryTokenAsync(client, $"/{t}/inbox");
        var readAll = await client.PostAsync($"/{t}/inbox?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        var after = await client.GetStringAsync($"/{t}/contests");
        Assert.Contains("data-testid=\"inbox-link\"", after);
        Assert.DoesNotContain("data-testid=\"unread-count\"", after);
        Assert.DoesNotContain("data-read=\"false\"", await client.GetStringAsync($"/{t}/inbox"));
    }
}
