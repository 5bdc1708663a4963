using Microsoft.Playwright;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>One person's own browser context and page; disposing it closes the context.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;
    public ValueTask DisposeAsync() => context.DisposeAsync();

    /// <summary>
    /// A fresh browser context signed in as <paramref name="email"/> (demo password); confirmation dialogs are accepted.
    /// The person signs in through the login form once per run (<see cref="E2EFixture.SignedInStateAsync"/>); every
    /// later session starts from the cookies that browser kept.
    /// </summary>
    public static async Task<BrowserSession> SignedInAsync(E2EFixture app, string tenant, string email, ViewportSize viewport)
    {
        var context = await app.NewContextAsync(viewport, await app.SignedInStateAsync(tenant, email));
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        return new BrowserSession(context, page);
    }
}
