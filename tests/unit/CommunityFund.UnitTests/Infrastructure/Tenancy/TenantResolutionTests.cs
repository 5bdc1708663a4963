using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Infrastructure.Tenancy;

/// <summary>Tenant resolution, error pages and the tenant-bound sign-in cookie, over HTTP through the real pipeline.</summary>
public class TenantResolutionTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private HttpClient Client() => f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task An_unknown_tenant_gets_a_localised_404_page()
    {
        var response = await Client().GetAsync("/no-such-fund/members");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到该基金", html);
        Assert.Contains("no-such-fund", html);
    }

    [Fact]
    public async Task An_unknown_tenant_page_in_English_says_so_in_English()
    {
        var response = await Client().GetAsync("/no-such-fund/members?culture=en");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Fund not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_suspended_tenant_gets_an_explanatory_410_page()
    {
        var tenant = await f.CreateTenantAsync(status: TenantStatus.Suspended);
        var response = await Client().GetAsync($"/{tenant.Identifier}/account/login");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("该基金已暂停服务", html);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_tenants_sign_in_page()
    {
        var tenant = await f.CreateTenantAsync();
        var response = await Client().GetAsync($"/{tenant.Identifier}/members");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"/{tenant.Identifier}/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_member_of_one_tenant_signed_in_at_another_gets_403_there()
    {
        var shipingqiao = await f.CreateTenantAsync();
        var dahe = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(shipingqiao, user, TenantRole.Secretariat);
        var client = Client();

        await HttpLogin.SignInAsync(client, dahe.Identifier, user.Email!, SliceFixture.Password);
        var response = await client.GetAsync($"/{dahe.Identifier}/members");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("无权访问", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cookie_issued_in_one_tenant_is_refused_in_another_even_for_a_member_of_both()
    {
        var shipingqiao = await f.CreateTenantAsync();
        var dahe = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(shipingqiao, user, TenantRole.Secretariat);
        await f.GrantAsync(dahe, user, TenantRole.Secretariat);
        var client = Client();
        await HttpLogin.SignInAsync(client, shipingqiao.Identifier, user.Email!, SliceFixture.Password);

        var home = await client.GetAsync($"/{shipingqiao.Identifier}/members");
        var elsewhere = await client.GetAsync($"/{dahe.Identifier}/members"); // same cf.auth cookie, other tenant

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.StartsWith($"/{dahe.Identifier}/account/login", elsewhere.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_platform_level_cookie_is_refused_inside_a_tenant()
    {
        var tenant = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(tenant, user, TenantRole.Auditor);
        var client = Client();
        await HttpLogin.SignInAsync(client, null, user.Email!, SliceFixture.Password);

        var response = await client.GetAsync($"/{tenant.Identifier}/members");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Reserved_words_and_malformed_slugs_never_reach_tenant_pages()
    {
        var response = await Client().GetAsync("/Bad_Slug/members");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_host_strategy_resolves_the_tenant_from_the_subdomain()
    {
        var tenant = await f.CreateTenantAsync();
        var other = await f.CreateTenantAsync();
        using var hostFactory = f.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Tenancy:Strategy", "Host");
            b.UseSetting("Tenancy:HostSuffix", "fund.example");
        });
        var client = hostFactory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var own = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/members") { Headers = { Host = $"{tenant.Identifier}.fund.example" } });
        var crossing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/{other.Identifier}/members") { Headers = { Host = $"{tenant.Identifier}.fund.example" } });
        var unknown = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/members") { Headers = { Host = "nobody.fund.example" } });

        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.StartsWith($"/{tenant.Identifier}/account/login", own.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, crossing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

public class TenantSlugTests
{
    [Theory]
    [InlineData("shipingqiao", true)]
    [InlineData("dahe-2", true)]
    [InlineData("a", true)]
    [InlineData("Shipingqiao", false)]
    [InlineData("shi pingqiao", false)]
    [InlineData("石坪桥", false)]
    [InlineData("-dahe", false)]
    [InlineData("dahe-", false)]
    [InlineData("da_he", false)]
    [InlineData("admin", false)]
    [InlineData("account", false)]
    [InlineData("", false)]
    public void Only_lowercase_letters_digits_and_inner_hyphens_make_a_slug(string slug, bool valid) =>
        Assert.Equal(valid, TenantSlug.IsValid(slug));

    [Theory]
    [InlineData("shipingqiao.fund.example", "fund.example", "shipingqiao")]
    [InlineData("SHIPINGQIAO.Fund.Example", "fund.example", "shipingqiao")]
    [InlineData("fund.example", "fund.example", null)]
    [InlineData("a.b.fund.example", "fund.example", null)]
    [InlineData("shipingqiao.evil.example", "fund.example", null)]
    [InlineData("admin.fund.example", "fund.example", null)]
    [InlineData("shipingqiao.fund.example", "", null)]
    public void The_host_strategy_takes_one_label_before_the_configured_suffix(string host, string suffix, string? expected) =>
        Assert.Equal(expected, HostTenantStrategy.FromHost(host, suffix));
}
