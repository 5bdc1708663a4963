using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.UnitTests.Infrastructure.Web;

/// <summary>Every response carries the same security headers, and no page needs inline script to work.</summary>
public partial class SecurityHeadersTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private HttpClient Client(string scheme = "http") =>
        f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(scheme + "://localhost") });

    private static void AssertHeaders(HttpResponseMessage response, string what)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"{what} ({(int)response.StatusCode}) has no {name} header");
        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, Header("Content-Security-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header("Referrer-Policy"));
    }

    [Fact]
    public async Task The_policy_allows_scripts_only_from_the_site_and_no_framing()
    {
        var csp = SecurityHeadersMiddleware.ContentSecurityPolicy;
        var script = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", script);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task Pages_static_files_errors_redirects_and_refusals_all_carry_the_headers()
    {
        var tenant = await f.CreateTenantAsync();
        var client = Client();
        var seen = new HashSet<HttpStatusCode>();
        foreach (var url in new[] { "/", "/account/login", $"/{tenant.Identifier}", "/css/site.css", "/js/site.js", "/no-such-page", "/healthz", "/account/logout", $"/{tenant.Identifier}/members", "/tnobody/members" })
        {
            var response = await client.GetAsync(url);
            seen.Add(response.StatusCode);
            AssertHeaders(response, url);
        }
        // A post without its antiforgery token is refused, with the headers.
        var refused = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.org" }));
        AssertHeaders(refused, "post without antiforgery");
        seen.Add(refused.StatusCode);
        // A request for a host the site does not serve is refused before anything else runs, with the headers.
        var evil = Client();
        evil.DefaultRequestHeaders.Host = "evil.example";
        var wrongHost = await evil.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, wrongHost.StatusCode);
        AssertHeaders(wrongHost, "foreign host");
        Assert.Superset(new HashSet<HttpStatusCode> { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Redirect, HttpStatusCode.BadRequest }, seen);
    }

    [Fact]
    public async Task Every_cookie_is_secure_over_https_and_only_then()
    {
        foreach (var (scheme, secure) in new[] { ("https", true), ("http", false) })
        {
            var client = Client(scheme);
            var user = await f.CreateUserAsync();
            var cookies = new List<string>();
            cookies.AddRange((await client.GetAsync("/account/login")).Headers.GetValues("Set-Cookie"));
            var signIn = await HttpLogin.SignInAsync(client, null, user.Email!, SliceFixture.Password);
            cookies.AddRange(signIn.Headers.GetValues("Set-Cookie"));
            var token = await HttpLogin.AntiforgeryTokenAsync(client, "/account/login");
            var language = await client.PostAsync("/account/language", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["culture"] = "en", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
            }));
            cookies.AddRange(language.Headers.GetValues("Set-Cookie"));

            Assert.Contains(cookies, c => c.StartsWith("cf.auth=", StringComparison.Ordinal));
            Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
            Assert.All(cookies, c => Assert.Equal(secure, c.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase))));
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*[""']|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [Fact]
    public void No_page_has_inline_script_or_event_handlers()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityFund.sln"))) dir = dir.Parent;
        var features = Path.Combine(dir!.FullName, "src", "CommunityFund.Web", "Features");
        var offenders = Directory.GetFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(p => File.ReadAllLines(p).Select((line, i) => (p, i, line)))
            .Where(x => InlineScript().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(features, x.p)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Inline script (refused by the Content-Security-Policy):\n" + string.Join("\n", offenders));
    }
}
