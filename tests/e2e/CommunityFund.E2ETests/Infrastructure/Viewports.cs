using Microsoft.Playwright;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>The two screen sizes every page is checked at, by name (so test cases show "desktop"/"phone").</summary>
public static class Viewports
{
    public const string Desktop = "desktop";
    public const string Phone = "phone";

    public static ViewportSize Of(string name) => name switch
    {
        Desktop => E2EFixture.Desktop,
        Phone => E2EFixture.Phone,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "desktop or phone"),
    };
}
