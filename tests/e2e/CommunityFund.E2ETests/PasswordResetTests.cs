using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>A resident who forgot the password resets it on a phone, from the e-mailed link, and signs in with the new one.</summary>
[Collection(E2ECollection.Name)]
public sealed class PasswordResetTests(E2EFixture app) : BrowserTest
{
    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_emailed_link_on_a_phone()
    {
        var email = $"e2e-reset-{Guid.NewGuid():N}@example.com";
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "李居民", EmailConfirmed = true }, "石坪桥的旧密码-2026");
            Assert.True(created.Succeeded);
            return 0;
        });
        await using var context = await app.NewContextAsync(E2EFixture.Phone);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/shipingqiao/account/login");
        await page.GetByTestId("forgot-password").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/shipingqiao/account/forgot-password$"));
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await Expect(page.GetByTestId("check-email")).ToBeVisibleAsync();

        var link = await Mailbox.ResetLinkAsync(app, email);
        Assert.StartsWith("/shipingqiao/account/reset-password?", link);
        await page.GotoAsync(link);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "重设密码" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the reset page scrolls sideways at 390 px");
        await page.Locator("input[name='Input.Password']").FillAsync("石坪桥的新密码-2026");
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync("石坪桥的新密码-2026");
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("密码已重设，请用新密码登录。");

        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync("石坪桥的新密码-2026");
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await page.OpenMenuIfCollapsedAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);

        // The link was for one use.
        await using var other = await app.NewContextAsync(E2EFixture.Phone);
        var again = await other.NewPageAsync();
        await again.GotoAsync(link);
        await again.Locator("input[name='Input.Password']").FillAsync("又一个新密码-2026");
        await again.Locator("input[name='Input.ConfirmPassword']").FillAsync("又一个新密码-2026");
        await again.SubmitAsync(again.Locator("main form button[type=submit]"));
        await Expect(again.GetByTestId("form-errors")).ToHaveTextAsync("重设链接无效、已使用或已过期，请重新申请。");
    }
}
