using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Support;

/// <summary>A throwaway MariaDB database on the server ./test.sh started, with both schemas applied.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string Server =>
        Environment.GetEnvironmentVariable("CF_TEST_MYSQL")
        ?? throw new InvalidOperationException("CF_TEST_MYSQL is not set: run the tests through ./test.sh, which starts MariaDB.");

    public string Name { get; } = "cf_t_" + Guid.NewGuid().ToString("N")[..16];
    public string ConnectionString => new MySqlConnectionStringBuilder(Server) { Database = Name }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await ExecuteOnServerAsync($"CREATE DATABASE `{db.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
        await Migrator.MigrateAsync(db.ConnectionString, TextWriter.Null);
        return db;
    }

    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new MySqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync() => await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS `{Name}`");
}

public sealed class CommunityFundFactory(string connectionString, string mailDirectory) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("Mail:PickupDirectory", mailDirectory);
        builder.UseSetting("Files:Root", Path.Combine(mailDirectory, "files"));
        builder.UseSetting("TimeLimits:SweepMinutes", "0");
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>
/// The real application over a real database, one per test class (Jimmy Bogard's SliceFixture): send requests
/// through the real MediatR pipeline as a given user in a given tenant, or call the site over HTTP.
/// </summary>
public sealed class SliceFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public CommunityFundFactory Factory { get; private set; } = null!;
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "cf-mail-" + Guid.NewGuid().ToString("N"));
    public const string Password = "correct horse battery";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new CommunityFundFactory(Database.ConnectionString, MailDirectory);
        _ = Factory.Server; // build the host now, not inside the first test
    }

    /// <summary>Another host (own container, own connection pool) over the same database.</summary>
    public static SliceFixture SharingDatabaseWith(SliceFixture primary)
    {
        var second = new SliceFixture { Database = primary.Database };
        second.Factory = new CommunityFundFactory(primary.Database.ConnectionString, primary.MailDirectory);
        _ = second.Factory.Server;
        return second;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(MailDirectory)) Directory.Delete(MailDirectory, recursive: true);
    }

    public async Task<TenantInfo> CreateTenantAsync(string? identifier = null, TenantStatus status = TenantStatus.Active, string nameZh = "测试街道社区基金")
    {
        identifier ??= "t" + Guid.NewGuid().ToString("N")[..10];
        using var scope = Factory.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenant = new Tenant { Identifier = identifier, NameZh = nameZh, NameEn = "Test Fund " + identifier, Status = status, CreatedAt = DateTimeOffset.UtcNow };
        catalog.Tenants.Add(tenant);
        await catalog.SaveChangesAsync();
        return tenant.ToInfo();
    }

    /// <summary>A new account; its e-mail address is confirmed unless <paramref name="emailConfirmed"/> is false.</summary>
    public async Task<AppUser> CreateUserAsync(string? email = null, bool platformAdmin = false, bool emailConfirmed = true)
    {
        email ??= $"u{Guid.NewGuid():N}@example.org";
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = "测试用户", EmailConfirmed = emailConfirmed };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        if (platformAdmin)
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
            if (!await roles.RoleExistsAsync(PlatformRoles.PlatformAdmin)) await roles.CreateAsync(new IdentityRole<Guid>(PlatformRoles.PlatformAdmin));
            await users.AddToRoleAsync(user, PlatformRoles.PlatformAdmin);
        }
        return user;
    }

    public Task GrantAsync(TenantInfo tenant, AppUser user, TenantRole role) =>
        InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new TenantMembership { UserId = user.Id, Role = role, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });

    /// <summary>Sends a request through the full pipeline as <paramref name="user"/> (anonymous when null) in <paramref name="tenant"/>.</summary>
    public Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, AppUser? user = null, TenantInfo? tenant = null) =>
        InScopeAsync(tenant, user, sp => sp.GetRequiredService<IMediator>().Send(request));

    public Task<T> InTenantAsync<T>(TenantInfo? tenant, Func<IServiceProvider, Task<T>> action) => InScopeAsync(tenant, null, action);

    public async Task<T> InScopeAsync<T>(TenantInfo? tenant, AppUser? user, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (tenant is not null) sp.GetRequiredService<ITenantContext>().Set(tenant);
        var http = new DefaultHttpContext { RequestServices = sp };
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
        if (user is not null)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.Email!),
                new Claim(ClaimTypes.Email, user.Email!),
            ], "Test"));
        }
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var outer = accessor.HttpContext; // a scope opened inside another must not sign the outer one out
        accessor.HttpContext = http;
        try
        {
            return await action(sp);
        }
        finally
        {
            accessor.HttpContext = outer;
        }
    }

    public async Task<int> CountAsync<TEntity>(TenantInfo? tenant = null) where TEntity : class =>
        await InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<TEntity>().IgnoreQueryFilters().CountAsync());

    public async Task<int> CountUsersAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Users.CountAsync();
    }
}

/// <summary>A second app host over an existing fixture's database (a stand-in for another server).</summary>
public sealed class SliceFixtureOnSameDatabase : IAsyncDisposable
{
    public SliceFixture Fixture { get; }

    public SliceFixtureOnSameDatabase(SliceFixture primary) => Fixture = SliceFixture.SharingDatabaseWith(primary);

    public async ValueTask DisposeAsync() => await Fixture.Factory.DisposeAsync();
}
