using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using CommunityFund.UnitTests.Features.Contests.Awards;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using CommunityFund.Web.Infrastructure.Web;
using CommunityFund.Web.Kernel.Handoffs;

namespace CommunityFund.UnitTests.Infrastructure.Web;

/// <summary>
/// What a client says about where it is (Host, X-Forwarded-Host, X-Forwarded-For) is believed only from a configured
/// proxy, and never decides where an e-mailed link leads.
/// </summary>
public partial class ForwardedHeadersTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private const string Proxy = "10.0.0.5";
    private static readonly Dictionary<string, string?> NoProxy = new();
    private static readonly Dictionary<string, string?> OneProxy = new() { ["App:TrustedProxies"] = Proxy };
    /// <summary>The worst set-up an operator could choose: any Host, and a proxy that passes X-Forwarded-Host on.</summary>
    private static readonly Dictionary<string, string?> AnyHostBehindProxy = new() { ["AllowedHosts"] = "*", ["App:TrustedProxies"] = Proxy };

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex Links();

    private List<MimeMessage> MailTo(string email) =>
        (Directory.Exists(f.MailDirectory) ? Directory.GetFiles(f.MailDirectory, "*.eml") : [])
        .Select(p => MimeMessage.Load(p))
        .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    private static void AssertLinksOnlyToTheSite(MimeMessage mail, string expectedPrefix)
    {
        var links = Links().Matches(mail.TextBody ?? "").Select(m => m.Value).ToList();
        Assert.Contains(links, l => l.StartsWith(expectedPrefix, StringComparison.Ordinal));
        Assert.All(links, l => Assert.StartsWith(EdgeApp.BaseUrl + "/", l));
        Assert.DoesNotContain("evil.example", mail.TextBody ?? "");
    }

    private static HttpClient Spoofing(HttpClient client, bool rawHost)
    {
        if (rawHost) client.DefaultRequestHeaders.Host = "evil.example";
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        return client;
    }

    private static Dictionary<string, string> Registration(string email) => new()
    {
        ["Input.DisplayName"] = "居民甲", ["Input.Email"] = email, ["Input.Password"] = "a long enough phrase", ["Input.ConfirmPassword"] = "a long enough phrase",
    };

    [Fact]
    public async Task A_request_for_another_host_is_refused_by_default()
    {
        using var app = new EdgeApp(f, NoProxy);
        var evil = app.Client();
        evil.DefaultRequestHeaders.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await evil.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/account/login")).StatusCode);
        var site = app.Client();
        site.DefaultRequestHeaders.Host = "fund.example.org"; // App:BaseUrl's own host
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/account/login")).StatusCode);
    }

    [Theory]
    [InlineData(false)] // the default set-up: no proxy, the Host of the site, X-Forwarded-Host from the client
    [InlineData(true)]  // any Host allowed and a trusted proxy passing Host and X-Forwarded-Host on
    public async Task Every_mailed_link_leads_to_the_configured_address_whatever_the_request_names(bool anyHostBehindProxy)
    {
        using var app = new EdgeApp(f, anyHostBehindProxy ? AnyHostBehindProxy : NoProxy);
        if (anyHostBehindProxy) app.Peer = IPAddress.Parse(Proxy);
        var tenant = await f.CreateTenantAsync();

        // The confirmation e-mail of a registration.
        var resident = $"r{Guid.NewGuid():N}@example.org";
        var registered = await HttpLogin.PostFormAsync(Spoofing(app.Client(), anyHostBehindProxy), $"/{tenant.Identifier}/account/register", Registration(resident));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        AssertLinksOnlyToTheSite(Assert.Single(MailTo(resident)), $"{EdgeApp.BaseUrl}/{tenant.Identifier}/account/confirm-email?");

        // An invitation sent by the secretariat.
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        var staff = Spoofing(app.Client(), anyHostBehindProxy);
        await HttpLogin.SignInAsync(staff, tenant.Identifier, secretary.Email!, SliceFixture.Password);
        var invitee = $"i{Guid.NewGuid():N}@example.org";
        var invited = await HttpLogin.PostFormAsync(staff, $"/{tenant.Identifier}/members/invite", new Dictionary<string, string> { ["Input.Email"] = invitee, ["Input.Role"] = "Judge" });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        AssertLinksOnlyToTheSite(Assert.Single(MailTo(invitee)), $"{EdgeApp.BaseUrl}/{tenant.Identifier}/invitations/");

        // A notification (a claim submitted, sent to the secretariat) composed while a spoofed request is being served.
        await NotifyDuringSpoofedRequestAsync(app, tenant, secretary);
        var notice = Assert.Single(MailTo(secretary.Email!));
        AssertLinksOnlyToTheSite(notice, $"{EdgeApp.BaseUrl}/{tenant.Identifier}/claims/");
    }

    private static async Task NotifyDuringSpoofedRequestAsync(EdgeApp app, TenantInfo tenant, AppUser secretary)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<ITenantContext>().Set(tenant);
        var http = new DefaultHttpContext { RequestServices = sp };
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("evil.example");
        http.Request.Headers["X-Forwarded-Host"] = "evil.example";
        sp.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
        var db = sp.GetRequiredService<AppDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<Notifier>().NotifyAsync([secretary.Id], "请审核报销单 BX-0001", "石桥铺阳光社工服务中心提交了报销单。", "/claims/1");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });
    }

    public static TheoryData<string, string?, string> Senders => new()
    {
        // set-up, X-Forwarded-For sent, peer → the address that must be recorded
        { "no proxy", "203.0.113.66", "198.51.100.20" },
        { "proxy configured, client connects directly", "203.0.113.66", "198.51.100.20" },
        { "proxy configured, request through the proxy", "203.0.113.66, 198.51.100.30", "198.51.100.30" },
    };

    [Theory]
    [MemberData(nameof(Senders))]
    public async Task A_spoofed_forwarded_for_does_not_change_the_audited_address(string setUp, string? forwardedFor, string recorded)
    {
        using var app = new EdgeApp(f, setUp == "no proxy" ? NoProxy : OneProxy);
        if (setUp.EndsWith("through the proxy", StringComparison.Ordinal)) app.Peer = IPAddress.Parse(Proxy);
        var client = app.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var email = $"a{Guid.NewGuid():N}@example.org";

        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(client, "/account/register", Registration(email))).StatusCode);

        var address = await f.Database.ScalarAsync($"SELECT IpAddress FROM AuditEvents WHERE Target = '{email}' ORDER BY Id DESC LIMIT 1");
        Assert.Equal(recorded, address);
    }

    [Theory]
    [InlineData("no proxy")]
    [InlineData("proxy configured, request through the proxy")]
    public async Task Rotating_forwarded_for_does_not_get_more_objections_past_the_limit(string setUp)
    {
        using var app = new EdgeApp(f, setUp == "no proxy" ? NoProxy : OneProxy);
        if (setUp != "no proxy") app.Peer = IPAddress.Parse(Proxy);
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        var url = $"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice";
        var limit = new AnonymousFormLimits().PermitLimit;

        var filed = 0;
        for (var i = 1; i <= limit + 5; i++)
        {
            var client = app.Client();
            // A spoofed address first; a real proxy appends the address it saw (always the same client here).
            client.DefaultRequestHeaders.Add("X-Forwarded-For", setUp == "no proxy" ? $"203.0.113.{i}" : $"203.0.113.{i}, 198.51.100.30");
            var response = await HttpLogin.PostFormAsync(client, url, new Dictionary<string, string> { ["Input.Text"] = $"第 {i} 条异议：受益人数与实际不符。", ["Input.Contact"] = "wang@example.org" });
            if (response.StatusCode == HttpStatusCode.Redirect) filed++;
        }

        Assert.Equal(limit, filed);
    }
}
