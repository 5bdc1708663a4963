namespace CommunityFund.Web.Infrastructure.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>We target MariaDB 10.11 explicitly so no design-time or startup step needs a live server.</summary>
    public static readonly ServerVersion ServerVersion = new MariaDbServerVersion(new Version(10, 11, 0));
    public const string MigrationsAssembly = "CommunityFund.Migrations";

    public static string DefaultConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Default")
        ?? throw new InvalidOperationException("ConnectionStrings:Default is not configured.");

    /// <summary>
    /// The ledger's posting batches use session variables (@number, @entry), which MySqlConnector only passes through
    /// with AllowUserVariables; everything else in the connection string is the operator's.
    /// </summary>
    public static string WithLedgerSettings(string connectionString) =>
        new MySqlConnector.MySqlConnectionStringBuilder(connectionString) { AllowUserVariables = true }.ConnectionString;

    public static void UseCommunityFundMySql(this DbContextOptionsBuilder options, string connectionString, string historyTable) =>
        options.UseMySql(WithLedgerSettings(connectionString), ServerVersion, my =>
        {
            my.MigrationsAssembly(MigrationsAssembly);
            my.MigrationsHistoryTable(historyTable);
            // Deadlocks (1213) and lock wait timeouts (1205) retry the whole unit of work.
            my.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(2), errorNumbersToAdd: [1205, 1213]);
        });

    public static IServiceCollection AddCommunityFundData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContext<CatalogDbContext>(o =>
            o.UseCommunityFundMySql(configuration.DefaultConnectionString(), CatalogDbContext.HistoryTable));
        // A tenant with its own connection string gets its own database server; everyone else shares the platform's.
        services.AddDbContext<AppDbContext>((sp, o) =>
            o.UseCommunityFundMySql(
                sp.GetRequiredService<ITenantContext>().Current?.ConnectionString is { Length: > 0 } own
                    ? own
                    : configuration.DefaultConnectionString(),
                AppDbContext.HistoryTable));
        return services;
    }
}
