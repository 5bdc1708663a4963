using CommunityFund.E2ETests.Infrastructure;

namespace CommunityFund.E2ETests;

/// <summary>The browser enforces the site's Content-Security-Policy, and a violation is caught by the suite's check.</summary>
[Collection(E2ECollection.Name)]
public sealed class ContentSecurityPolicyTests(E2EFixture app) : BrowserTest
{
    [Fact]
    public async Task An_injected_inline_script_is_blocked_and_fails_the_check()
    {
        await using var context = await app.NewContextAsync(E2EFixture.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        app.ThrowOnCspViolations(); // the page itself is clean

        var ran = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
                document.addEventListener('securitypolicyviolation', () => setTimeout(() => resolve(window.injected === true), 50), { once: true });
                const s = document.createElement('script');
                s.textContent = 'window.injected = true;';
                document.body.appendChild(s);
            })
            """);
        Assert.False(ran);
        await page.WaitForTimeoutAsync(200); // let the console message reach the test
        var failure = Assert.Throws<Xunit.Sdk.XunitException>(app.ThrowOnCspViolations);
        Assert.Contains("script-src", failure.Message);
    }
}
