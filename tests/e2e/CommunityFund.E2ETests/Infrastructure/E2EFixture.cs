using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Data;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>
/// One per test run: a fresh database (migrated and seeded with the demo data), the real app served by Kestrel on a
/// loopback port, and one headless Debian Chromium. Each test opens its own browser context (own cookies); a person
/// signs in through the login form once per run and later contexts start from that browser's saved cookies.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class E2EFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "CF_CHROMIUM";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private TestDatabase? _database;
    private CommunityFundFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _mailDirectory;
    private readonly SemaphoreSlim _signInLock = new(1, 1);
    private readonly Dictionary<string, string> _signedIn = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _cspViolations = [];

    /// <summary>Reports every Content-Security-Policy violation in the page to the console, where the fixture sees it.</summary>
    private const string CspViolationReporter = """
        document.addEventListener('securitypolicyviolation', function (e) {
            console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
        });
        """;

    /// <summary>The fixture of this test run (one per run), for the check every browser test makes after it ran.</summary>
    public static E2EFixture? Running { get; private set; }

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public string DatabaseName => Database.Name;
    /// <summary>Where the site writes the e-mails it sends (the SMTP client's pickup folder).</summary>
    public string MailDirectory => _mailDirectory ?? throw new InvalidOperationException("The fixture is not started.");

    private TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");
    private CommunityFundFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");
    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        Running = this;
        _database = await TestDatabase.CreateAsync();
        await Migrator.MigrateAsync(_database.ConnectionString, TextWriter.Null);
        await DemoData.SeedAsync(_database.ConnectionString, TextWriter.Null);

        _mailDirectory = Path.Combine(Path.GetTempPath(), "cf-e2e-mail-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_mailDirectory);

        _factory = new CommunityFundFactory(_database.ConnectionString, _mailDirectory);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = ServerAddress(_factory.Services);
        await EnsureAppUsesTestDatabaseAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        // Each step runs even if an earlier one fails, so a broken run still drops its database.
        try
        {
            _signInLock.Dispose();
            if (_browser is not null) await _browser.CloseAsync();
            _playwright?.Dispose();
        }
        finally
        {
            try
            {
                if (_factory is not null) await _factory.DisposeAsync();
            }
            finally
            {
                if (_database is not null) await _database.DisposeAsync();
                if (_mailDirectory is not null && Directory.Exists(_mailDirectory)) Directory.Delete(_mailDirectory, recursive: true);
            }
        }
    }

    /// <summary>
    /// A fresh browser context whose relative URLs resolve against the app: without cookies, or with the cookies and
    /// storage of <paramref name="storageState"/> (what <see cref="SignedInStateAsync"/> returns).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null, string? storageState = null)
    {
        var size = viewport ?? Desktop;
        var phone = size.Width < 576;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            StorageState = storageState,
            ViewportSize = size,
            IsMobile = phone,
            HasTouch = phone,
            // The app must ignore Accept-Language (zh-CN is the default); an English browser proves it.
            Locale = "en-US",
        });
        // CI machines have two cores shared with MariaDB and the app: allow slow steps rather than fail on them.
        context.SetDefaultTimeout(60_000);
        // Every page runs under the site's Content-Security-Policy: any violation fails the test that caused it.
        await context.AddInitScriptAsync(CspViolationReporter);
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.StartsWith("CSP violation", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal)))
                lock (_cspViolations) _cspViolations.Add($"{message.Page?.Url}: {message.Text}");
        };
        return context;
    }

    /// <summary>
    /// The browser storage (the sign-in and antiforgery cookies) of <paramref name="email"/> signed in to
    /// <paramref name="tenant"/> with the demo password. The first call signs in through the login form and checks the
    /// header names the person; later calls reuse what that browser kept, so a test starts signed in without the form.
    /// </summary>
    public async Task<string> SignedInStateAsync(string tenant, string email)
    {
        var key = tenant + "/" + email;
        await _signInLock.WaitAsync();
        try
        {
            if (_signedIn.TryGetValue(key, out var saved)) return saved;
            await using var context = await NewContextAsync();
            var page = await context.NewPageAsync();
            await page.SignInAsync(tenant, email, DemoData.Password);
            await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
            return _signedIn[key] = await context.StorageStateAsync();
        }
        finally
        {
            _signInLock.Release();
        }
    }

    /// <summary>Fails when a page broke the Content-Security-Policy since the last check (each browser test checks after it ran).</summary>
    public void ThrowOnCspViolations()
    {
        string[] seen;
        lock (_cspViolations)
        {
            seen = [.. _cspViolations.Distinct()];
            _cspViolations.Clear();
        }
        if (seen.Length > 0) throw new Xunit.Sdk.XunitException("Content-Security-Policy violations in the browser:\n" + string.Join("\n", seen));
    }

    /// <summary>Runs <paramref name="work"/> with a scope of the app's own services (the same configuration and database).</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static string ServerAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server reports no addresses.");
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The server listens on no http address: " + string.Join(", ", addresses));
        // Kestrel may report a wildcard or "localhost"; the browser should use loopback IPv4 like the app's own BaseUrl.
        var uri = new Uri(address.Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal));
        return $"{uri.Scheme}://{(uri.Host == "localhost" ? "127.0.0.1" : uri.Host)}:{uri.Port}";
    }

    /// <summary>Guards against a configuration override that silently did not apply (the app would use the dev database).</summary>
    private async Task EnsureAppUsesTestDatabaseAsync()
    {
        var database = await WithServicesAsync(sp =>
            Task.FromResult(sp.GetRequiredService<CatalogDbContext>().Database.GetDbConnection().Database));
        if (database != Database.Name)
            throw new InvalidOperationException($"The app connects to database '{database}', not the test database '{Database.Name}'.");
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "browser";
}
