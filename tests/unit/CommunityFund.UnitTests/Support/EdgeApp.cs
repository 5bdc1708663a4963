using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityFund.UnitTests.Support;

/// <summary>
/// The app with its own edge settings over a fixture's database, and the network address each request arrives from
/// (the test server has no socket, so the "peer" is set before the app's own middleware runs).
/// </summary>
public sealed class EdgeApp : IDisposable
{
    public const string BaseUrl = "https://fund.example.org";
    private readonly WebApplicationFactory<Program> _factory;

    /// <summary>The address the next requests come from (a proxy's, or a client's when it connects directly).</summary>
    public IPAddress Peer { get; set; } = IPAddress.Parse("198.51.100.20");

    public EdgeApp(SliceFixture f, IDictionary<string, string?>? settings = null)
    {
        _factory = f.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("App:BaseUrl", BaseUrl);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) b.UseSetting(key, value);
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new PeerFilter(this)));
        });
    }

    public IServiceProvider Services => _factory.Services;

    public HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void Dispose() => _factory.Dispose();

    private sealed class PeerFilter(EdgeApp app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, inner) =>
            {
                context.Connection.RemoteIpAddress = app.Peer;
                return inner(context);
            });
            next(builder);
        };
    }
}
