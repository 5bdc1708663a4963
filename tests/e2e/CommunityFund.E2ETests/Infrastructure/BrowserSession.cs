using Microsoft.Playwright;
using CommunityFund.Migrations;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>One person's own browser context and page; disposing it closes the context.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;
    public ValueTask DisposeAsync() => context.DisposeAsync();

    /// <summary>A fresh browser context signed in as <paramref name="email"/> (demo password); confirmation dialogs are accepted.</summary>
    public static async Task<BrowserSession> SignedInAsync(E2EFixture app, string tenant, string email, ViewportSize viewport)
    {
        var context = await app.NewContextAsync(viewport);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.SignInAsync(tenant, email, DemoData.Password);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
        return new BrowserSession(context, page);
    }
}
