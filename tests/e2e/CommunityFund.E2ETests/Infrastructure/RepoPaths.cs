namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>Where the repository is and where browser tests put what a person should look at afterwards.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding CommunityFund.sln, found by walking up from the test assembly's folder.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>&lt;repo&gt;/TestResults/screenshots (ignored by git; test.sh clears TestResults before each run).</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Path.Combine(RepoRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CommunityFund.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CommunityFund.sln above {AppContext.BaseDirectory}.");
    }
}
