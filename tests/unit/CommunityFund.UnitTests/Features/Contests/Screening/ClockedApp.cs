using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

// Not "...Contests.Screening": that namespace would hide ContestStage.Screening from tests that use `using static ContestStage`.
namespace CommunityFund.UnitTests.Features.Contests.ScreeningFeature;

/// <summary>
/// The app over the fixture's database with its one clock replaced by a <see cref="FakeTimeProvider"/>, so a test can
/// let days pass. Requests go through the full pipeline as a given user in a given tenant, as in SliceFixture.
/// </summary>
public sealed class ClockedApp : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public FakeTimeProvider Clock { get; }

    public ClockedApp(SliceFixture f, DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        _factory = f.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
    }

    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, AppUser user, TenantInfo tenant)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<ITenantContext>().Set(tenant);
        var http = new DefaultHttpContext { RequestServices = sp };
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Email!), new Claim(ClaimTypes.Email, user.Email!)], "Test"));
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var outer = accessor.HttpContext;
        accessor.HttpContext = http;
        try
        {
            return await sp.GetRequiredService<IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = outer;
        }
    }

    /// <summary>An HTTP client on the clocked app (no automatic redirects), for page-level checks.</summary>
    public HttpClient CreateClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void Dispose() => _factory.Dispose();
}
