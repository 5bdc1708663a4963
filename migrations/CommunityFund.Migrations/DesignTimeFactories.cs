using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Migrations;

/// <summary>Lets `dotnet ef migrations add` build both contexts without a running server (the server version is fixed).</summary>
public sealed class CatalogDesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) => MigrationContexts.Catalog(MigrationContexts.DesignTimeConnection);
}

public sealed class AppDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) => MigrationContexts.Tenant(MigrationContexts.DesignTimeConnection, null);
}

public static class MigrationContexts
{
    public const string DesignTimeConnection = "Server=127.0.0.1;Port=3307;Database=communityfund;User=communityfund;Password=design-time";

    public static CatalogDbContext Catalog(string connectionString)
    {
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        options.UseCommunityFundMySql(connectionString, CatalogDbContext.HistoryTable);
        return new CatalogDbContext(options.Options);
    }

    /// <summary>A tenant-database context; with a tenant set it can also write that tenant's rows (demo data).</summary>
    public static AppDbContext Tenant(string connectionString, TenantInfo? tenant)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseCommunityFundMySql(connectionString, AppDbContext.HistoryTable);
        var context = new TenantContext();
        if (tenant is not null) context.Set(tenant);
        return new AppDbContext(options.Options, context);
    }
}
