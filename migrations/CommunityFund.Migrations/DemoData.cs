using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;
using TenantEntity = CommunityFund.Web.Infrastructure.Tenancy.Tenant;

namespace CommunityFund.Migrations;

/// <summary>
/// Demo tenants and one account per role in each, for development and the browser tests. Idempotent: running it
/// again adds only what is missing. The shared password is for local demos only.
/// </summary>
public static class DemoData
{
    public const string Password = "sunshine-fund-2026";
    public const string AdminEmail = "admin@communityfund.local";

    public sealed record DemoTenant(string Identifier, string NameZh, string NameEn, string District, (TenantRole Role, string Name)[] People);

    public static readonly DemoTenant[] Tenants =
    [
        new("shipingqiao", "石坪桥街道社区阳光基金", "Shipingqiao Sub-district Community Sunshine Fund", "重庆市九龙坡区",
        [
            (TenantRole.Secretariat, "王秀兰"), (TenantRole.Committee, "陈建国"), (TenantRole.OrgMember, "刘晓燕"),
            (TenantRole.Judge, "张明华"), (TenantRole.Auditor, "赵敏"),
        ]),
        new("dahe", "大河镇社区基金", "Dahe Town Community Fund", "重庆市綦江区",
        [
            (TenantRole.Secretariat, "李娜"), (TenantRole.Committee, "周海"), (TenantRole.OrgMember, "孙丽"),
            (TenantRole.Judge, "吴强"), (TenantRole.Auditor, "郑芳"),
        ]),
    ];

    public static string EmailOf(string tenant, TenantRole role) => $"{role.ToString().ToLowerInvariant()}@{tenant}.demo";

    /// <param name="filesRoot">Where receipts go (the web app's Files:Root); null = the configured or default one.</param>
    public static async Task SeedAsync(string connectionString, TextWriter log, string? filesRoot = null, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddDbContext<CatalogDbContext>(o => o.UseCommunityFundMySql(connectionString, CatalogDbContext.HistoryTable));
        services.AddIdentityCore<AppUser>(AccountRules.Apply)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CatalogDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();

        if (!await roles.RoleExistsAsync(PlatformRoles.PlatformAdmin))
            Check(await roles.CreateAsync(new IdentityRole<Guid>(PlatformRoles.PlatformAdmin)));
        var admin = await EnsureUserAsync(users, AdminEmail, "平台管理员");
        if (!await users.IsInRoleAsync(admin, PlatformRoles.PlatformAdmin))
            Check(await users.AddToRoleAsync(admin, PlatformRoles.PlatformAdmin));

        var lines = new List<string> { $"  platform admin   {AdminEmail,-32} http://127.0.0.1:5000/account/login" };
        foreach (var demo in Tenants)
        {
            var tenant = await catalog.Tenants.FirstOrDefaultAsync(t => t.Identifier == demo.Identifier, ct);
            if (tenant is null)
            {
                tenant = new TenantEntity
                {
                    Identifier = demo.Identifier, NameZh = demo.NameZh, NameEn = demo.NameEn, District = demo.District,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                catalog.Tenants.Add(tenant);
                await catalog.SaveChangesAsync(ct);
            }
            await using var db = MigrationContexts.Tenant(
                string.IsNullOrEmpty(tenant.ConnectionString) ? connectionString : tenant.ConnectionString, tenant.ToInfo());
            foreach (var (role, name) in demo.People)
            {
                var email = EmailOf(demo.Identifier, role);
                var user = await EnsureUserAsync(users, email, name);
                if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == user.Id && m.Role == role, ct))
                    db.Add(new TenantMembership { UserId = user.Id, Role = role, GrantedAt = DateTimeOffset.UtcNow });
                lines.Add($"  {demo.Identifier,-12} {role,-12} {email,-32} http://127.0.0.1:5000/{demo.Identifier}/account/login");
            }
            await db.SaveChangesAsync(ct);
            if (demo.Identifier == "shipingqiao")
            {
                var secretary = await users.FindByEmailAsync(EmailOf(demo.Identifier, TenantRole.Secretariat));
                await DemoLedger.SeedAsync(connectionString, tenant.ToInfo(), secretary!, log, ct);
                var judges = new List<Guid> { (await users.FindByEmailAsync(EmailOf(demo.Identifier, TenantRole.Judge)))!.Id };
                foreach (var (email, name) in DemoContest.ExtraJudges)
                {
                    var judge = await EnsureUserAsync(users, email, name);
                    if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == judge.Id && m.Role == TenantRole.Judge, ct))
                        db.Add(new TenantMembership { UserId = judge.Id, Role = TenantRole.Judge, GrantedAt = DateTimeOffset.UtcNow });
                    judges.Add(judge.Id);
                    lines.Add($"  {demo.Identifier,-12} {"Judge",-12} {email,-32} http://127.0.0.1:5000/{demo.Identifier}/account/login");
                }
                await db.SaveChangesAsync(ct);
                var chair = (await users.FindByEmailAsync(EmailOf(demo.Identifier, TenantRole.Committee)))!;
                var orgMember = (await users.FindByEmailAsync(EmailOf(demo.Identifier, TenantRole.OrgMember)))!;
                await DemoContest.SeedAsync(db, users, tenant.ToInfo(), secretary!.Id, chair.Id, orgMember.Id, judges, log, ct);
                var committee = new List<AppUser> { chair };
                foreach (var (email, name) in DemoGrants.ExtraCommittee)
                {
                    var member = await EnsureUserAsync(users, email, name);
                    if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == member.Id && m.Role == TenantRole.Committee, ct))
                        db.Add(new TenantMembership { UserId = member.Id, Role = TenantRole.Committee, GrantedAt = DateTimeOffset.UtcNow });
                    committee.Add(member);
                    lines.Add($"  {demo.Identifier,-12} {"Committee",-12} {email,-32} http://127.0.0.1:5000/{demo.Identifier}/account/login");
                }
                await db.SaveChangesAsync(ct);
                var contacts = await DemoGrants.SeedAsync(connectionString, tenant.ToInfo(), secretary, committee, orgMember, filesRoot, log, ct);
                foreach (var (email, organisation) in contacts)
                    lines.Add($"  {demo.Identifier,-12} {"OrgMember",-12} {email,-32} http://127.0.0.1:5000/{demo.Identifier}/account/login  {organisation}");
            }
        }
        log.WriteLine("demo data is loaded. Demo logins (development only), password for all: " + Password);
        foreach (var line in lines) log.WriteLine(line);
    }

    internal static async Task<AppUser> EnsureUserAsync(UserManager<AppUser> users, string email, string name)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not null) return user;
        user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredCulture = Cultures.Chinese };
        Check(await users.CreateAsync(user, Password));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
