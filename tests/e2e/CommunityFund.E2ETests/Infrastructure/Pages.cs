using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests.Infrastructure;

/// <summary>What a person does on the pages, in the words of the UI.</summary>
public static class Pages
{
    /// <summary>Fills the sign-in form at /{tenant}/account/login and submits it; returns the response the browser ends on.</summary>
    public static async Task<IResponse> SignInAsync(this IPage page, string tenant, string email, string password)
    {
        var login = await page.GotoAsync($"/{tenant}/account/login");
        Assert.Equal(200, login?.Status);
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        return await page.SubmitAsync(page.Locator("main form button[type=submit]"));
    }

    /// <summary>
    /// A resident signs up at /{tenant}/account/register?returnUrl=…, is told to look in the mailbox (registering signs
    /// nobody in), follows "go to sign-in" and signs in: the browser ends on <paramref name="returnPath"/>.
    /// </summary>
    public static async Task RegisterAndSignInAsync(this IPage page, string tenant, string returnPath, string name, string email, string password)
    {
        await page.GotoAsync($"/{tenant}/account/register?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.Locator("input[name='Input.DisplayName']").FillAsync(name);
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(password);
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await Expect(page.GetByTestId("check-email")).ToBeVisibleAsync();
        await page.GetByTestId("to-login").ClickAsync();
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(returnPath) + "$"));
    }

    /// <summary>Clicks one of the two language buttons in the header ("中文" / "English").</summary>
    public static Task<IResponse> SwitchLanguageAsync(this IPage page, string buttonText) =>
        page.SubmitAsync(page.Locator("header form button[name=culture]").Filter(new LocatorFilterOptions { HasTextString = buttonText }));

    /// <summary>On a narrow screen the header's links sit behind the ☰ button: open it (and wait for the animation to end).</summary>
    public static async Task<bool> OpenMenuIfCollapsedAsync(this IPage page)
    {
        var toggler = page.Locator("header .navbar-toggler");
        if (!await toggler.IsVisibleAsync()) return false;
        await toggler.ClickAsync();
        await Expect(toggler).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.Locator("#mainNav")).ToHaveClassAsync(new Regex(@"(^|\s)show(\s|$)"));
        await Expect(page.Locator("header button[name=culture][value=en]")).ToBeVisibleAsync();
        return true;
    }

    /// <summary>
    /// Clicks a submit button and returns the response of the page the browser finally shows: the POST's own response
    /// when the form is shown again, or the page it redirects to (redirect responses are skipped).
    /// </summary>
    public static async Task<IResponse> SubmitAsync(this IPage page, ILocator button)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        // The response is in; let the document finish parsing. Chromium now and then never reports a finished load to
        // Playwright for a document that did arrive (seen under heavy load: only "networkidle" is logged), so this is a
        // bounded wait, not an assertion: what the page shows is checked by the caller's auto-waiting expectations.
        try { await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions { Timeout = 15_000 }); }
        catch (TimeoutException) { }
        return response;
    }
}
