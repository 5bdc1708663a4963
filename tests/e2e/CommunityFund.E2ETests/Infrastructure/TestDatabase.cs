using MySqlConnector;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>One throwaway database on the server named by CF_TEST_MYSQL, created for a test run and dropped after it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "CF_TEST_MYSQL";

    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The server connection string from CF_TEST_MYSQL with <c>Database=</c> this database.</summary>
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The browser tests need a MariaDB server: set {ServerVariable} to a connection string without a database whose user may " +
                "CREATE and DROP databases, e.g. \"Server=127.0.0.1;Port=3307;User=cf_test;Password=cf_test;CharSet=utf8mb4\". " +
                "./test.sh starts a throwaway server and sets it for you.");
        }
        var database = new TestDatabase(server, "cf_e2e_" + Guid.NewGuid().ToString("N")[..12]);
        await database.ExecuteAsync($"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections to the database would keep nothing alive after DROP, but clear them so the server forgets us.
        MySqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
