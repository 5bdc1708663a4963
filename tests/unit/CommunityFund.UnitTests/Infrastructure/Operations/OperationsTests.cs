using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Infrastructure.Operations;

public class OperationsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Healthz_reports_healthy_when_the_database_answers()
    {
        var response = await f.Factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_reports_unhealthy_when_the_database_is_unreachable()
    {
        using var broken = f.Factory.WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Default", "Server=127.0.0.1;Port=1;Database=none;User=x;Password=y;Connect Timeout=2"));
        var response = await broken.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cookie_issued_by_one_app_server_is_honoured_by_another_sharing_the_database()
    {
        var tenant = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(tenant, user, TenantRole.Committee);
        // Two independent hosts: separate DI containers, no shared memory, only the database in common.
        using var serverA = new CommunityFundFactory(f.Database.ConnectionString, f.MailDirectory);
        using var serverB = new CommunityFundFactory(f.Database.ConnectionString, f.MailDirectory);
        var onA = serverA.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await HttpLogin.SignInAsync(onA, tenant.Identifier, user.Email!, SliceFixture.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cf.auth=", StringComparison.Ordinal)).Split(';')[0];

        var onB = serverB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, $"/{tenant.Identifier}/members");
        request.Headers.Add("Cookie", cookie);
        var response = await onB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = await f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().DataProtectionKeys.CountAsync());
        Assert.True(keys >= 1);
    }

    [Fact]
    public void Outside_development_the_console_log_is_structured_json()
    {
        using var production = f.Factory.WithWebHostBuilder(b => b.UseSetting("Logging:Json", "true"));
        var options = production.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, options.FormatterName);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var tenant = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(tenant, user, TenantRole.Auditor);
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, tenant.Identifier, user.Email!, SliceFixture.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/{tenant.Identifier}/members")).StatusCode);

        var token = await HttpLogin.AntiforgeryTokenAsync(client, $"/{tenant.Identifier}/members");
        var logout = await client.PostAsync($"/{tenant.Identifier}/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/{tenant.Identifier}/members")).StatusCode);
    }
}
