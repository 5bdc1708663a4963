using Microsoft.Extensions.Configuration;

namespace CommunityFund.Migrations;

/// <summary>
/// Usage: CommunityFund.Migrations migrate | seed-demo | migrate seed-demo.
/// The connection string comes from ConnectionStrings__Default (environment) or --ConnectionStrings:Default=… .
/// </summary>
public static class MigratorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray())
            .Build();
        var verbs = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var connectionString = configuration.GetConnectionString("Default");
        if (verbs.Count == 0 || string.IsNullOrWhiteSpace(connectionString) || verbs.Any(v => v is not ("migrate" or "seed-demo")))
        {
            await Console.Error.WriteLineAsync("usage: CommunityFund.Migrations migrate|seed-demo [...]   (needs ConnectionStrings__Default)");
            return 2;
        }
        foreach (var verb in verbs)
        {
            if (verb == "migrate") await Migrator.MigrateAsync(connectionString, Console.Out);
            else await DemoData.SeedAsync(connectionString, Console.Out);
        }
        return 0;
    }
}
