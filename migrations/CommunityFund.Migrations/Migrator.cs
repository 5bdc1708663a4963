using Microsoft.EntityFrameworkCore;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Migrations;

/// <summary>Applies the catalog schema, then the tenant schema to the platform database and to every tenant's own database.</summary>
public static class Migrator
{
    public static async Task MigrateAsync(string connectionString, TextWriter log, CancellationToken ct = default)
    {
        await using (var catalog = MigrationContexts.Catalog(connectionString))
        {
            await catalog.Database.MigrateAsync(ct);
            log.WriteLine("catalog schema is up to date");
        }
        await using (var shared = MigrationContexts.Tenant(connectionString, null))
        {
            await shared.Database.MigrateAsync(ct);
            log.WriteLine("tenant schema is up to date (platform database)");
        }
        await using var list = MigrationContexts.Catalog(connectionString);
        var own = await list.Tenants.AsNoTracking().Where(t => t.ConnectionString != null && t.ConnectionString != "")
            .Select(t => new { t.Identifier, t.ConnectionString }).ToListAsync(ct);
        foreach (var t in own)
        {
            await using var db = MigrationContexts.Tenant(t.ConnectionString!, null);
            await db.Database.MigrateAsync(ct);
            log.WriteLine($"tenant schema is up to date ({t.Identifier}'s own database)");
        }
    }
}
