using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>The real app (Program.cs) pointed at the test database; the fixture serves it over Kestrel on a loopback port.</summary>
public sealed class CommunityFundFactory(string connectionString, string mailDirectory) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("Mail:Host", "");
        builder.UseSetting("Mail:PickupDirectory", mailDirectory);
        builder.UseSetting("Files:Root", Path.Combine(mailDirectory, "files"));
        builder.UseSetting("TimeLimits:SweepMinutes", "0");
        builder.UseSetting("Tenancy:Strategy", "Path");
        // Keep the test log readable: the app's request logging would drown the test output.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
    }
}
