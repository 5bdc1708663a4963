using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>
/// Screenshots for a person to look at (TestResults/screenshots), taken where the layout is also checked for the one
/// breakage a machine can see: content wider than the screen.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ScreenshotTests(E2EFixture app) : BrowserTest
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(Viewports.Desktop)]
    [InlineData(Viewports.Phone)]
    public async Task Login_page_and_tenant_home_are_captured_without_horizontal_overflow(string viewport)
    {
        await using var context = await app.NewContextAsync(Viewports.Of(viewport));
        var page = await context.NewPageAsync();

        await page.GotoAsync("/shipingqiao/account/login");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("登录");
        await AssertFitsTheScreenAsync(page, "login page", viewport);
        await CaptureAsync(page, $"login-{viewport}.png");

        await page.SignInAsync("shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Secretariat), DemoData.Password);
        await Expect(page.GetByTestId("fund-name")).ToHaveTextAsync("石坪桥街道社区阳光基金");
        await AssertFitsTheScreenAsync(page, "tenant home", viewport);
        await CaptureAsync(page, $"tenant-home-{viewport}.png");

        if (await page.OpenMenuIfCollapsedAsync())
        {
            await AssertFitsTheScreenAsync(page, "tenant home with the menu open", viewport);
            await CaptureAsync(page, $"tenant-home-{viewport}-menu.png");
        }
    }

    private static async Task CaptureAsync(IPage page, string fileName)
    {
        var path = Path.Combine(RepoPaths.ScreenshotDirectory, fileName);
        // A file left by an earlier run must not make this run pass.
        File.Delete(path);
        // Web fonts and images are all local; wait until they are in so the picture shows the real page.
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        var file = new FileInfo(path);
        Assert.True(file.Exists, $"{path} was not written");
        Assert.True(file.Length > 1000, $"{path} has only {file.Length} bytes");
        var head = new byte[PngSignature.Length];
        await using (var stream = file.OpenRead()) await stream.ReadExactlyAsync(head);
        Assert.Equal(PngSignature, head);
    }

    private static async Task AssertFitsTheScreenAsync(IPage page, string what, string viewport)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1],
            $"The {what} is {widths[0]} px wide on a {widths[1]} px {viewport} screen: something overflows horizontally.");
    }
}
