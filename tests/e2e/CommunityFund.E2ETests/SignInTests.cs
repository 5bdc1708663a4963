using System.Text.RegularExpressions;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

[Collection(E2ECollection.Name)]
public sealed class SignInTests(E2EFixture app) : BrowserTest
{
    private static readonly string ShipingqiaoSecretariat = DemoData.EmailOf("shipingqiao", TenantRole.Secretariat);

    [Fact]
    public async Task Demo_secretariat_logs_in_and_sees_the_tenant_home_in_Chinese_then_in_English()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var home = await page.SignInAsync("shipingqiao", ShipingqiaoSecretariat, DemoData.Password);

        Assert.Equal(200, home.Status);
        Assert.Equal($"{app.BaseUrl}/shipingqiao", page.Url);
        // Chinese by default, even though the browser asks for en-US.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByTestId("fund-name")).ToHaveTextAsync("石坪桥街道社区阳光基金");
        await Expect(page.GetByTestId("my-roles").Locator(".badge")).ToHaveTextAsync(["秘书处"]);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ShipingqiaoSecretariat);

        var english = await page.SwitchLanguageAsync("English");

        Assert.Equal(200, english.Status);
        Assert.Equal($"{app.BaseUrl}/shipingqiao", page.Url);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByTestId("fund-name")).ToHaveTextAsync("Shipingqiao Sub-district Community Sunshine Fund");
        await Expect(page.GetByTestId("my-roles").Locator(".badge")).ToHaveTextAsync(["Secretariat"]);
        await Expect(page.Locator("header button[name=culture][value=en]")).ToHaveAttributeAsync("aria-pressed", "true");

        // The choice sticks to the next page, and 中文 switches back.
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.SwitchLanguageAsync("中文");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByTestId("fund-name")).ToHaveTextAsync("石坪桥街道社区阳光基金");
    }

    [Fact]
    public async Task Sign_in_links_on_a_fund_page_lead_to_that_funds_sign_in_and_home()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/shipingqiao/account/register");

        // Both the header button and "已有账号？登录" under the form must stay inside the fund.
        await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true }))
            .ToHaveAttributeAsync("href", "/shipingqiao/account/login");
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));

        Assert.Equal($"{app.BaseUrl}/shipingqiao/account/login", page.Url);
        await Expect(page.Locator("main p.text-muted").First).ToHaveTextAsync("登录到 石坪桥街道社区阳光基金");
        await page.Locator("input[name='Input.Email']").FillAsync(DemoData.EmailOf("shipingqiao", TenantRole.Committee));
        await page.Locator("input[name='Input.Password']").FillAsync(DemoData.Password);
        var home = await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        Assert.Equal(200, home.Status);
        Assert.Equal($"{app.BaseUrl}/shipingqiao", page.Url);
        await Expect(page.GetByTestId("my-roles").Locator(".badge")).ToHaveTextAsync(["管委会委员"]);
    }

    [Fact]
    public async Task Wrong_password_keeps_the_user_on_the_login_page_with_a_Chinese_message()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.SignInAsync("shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Judge), "not-the-demo-password");

        Assert.Equal(200, response.Status);
        Assert.Matches(new Regex("/shipingqiao/account/login"), page.Url);
        await Expect(page.GetByTestId("form-errors")).ToHaveTextAsync("邮箱或密码不正确。");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Secretariat_of_shipingqiao_signed_in_at_dahe_gets_the_403_page_at_dahe()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        // Accounts are platform-wide, so signing in at dahe succeeds; the account just has no role there.
        var afterLogin = await page.SignInAsync("dahe", ShipingqiaoSecretariat, DemoData.Password);

        Assert.Equal($"{app.BaseUrl}/dahe", page.Url);
        Assert.Equal(403, afterLogin.Status);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("无权访问");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        // Signed in (so a 403, not a bounce to the login page) ...
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ShipingqiaoSecretariat);
        // ... and dahe's member navigation is not offered.
        await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "成员" })).ToHaveCountAsync(0);

        var again = await page.GotoAsync("/dahe");
        Assert.Equal(403, again?.Status);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("无权访问");
        var members = await page.GotoAsync("/dahe/members");
        Assert.Equal(403, members?.Status);
    }

    [Fact]
    public async Task Switching_language_on_the_403_page_stays_at_the_address_that_was_refused()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("dahe", ShipingqiaoSecretariat, DemoData.Password);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("无权访问");

        var english = await page.SwitchLanguageAsync("English");

        Assert.Equal($"{app.BaseUrl}/dahe", page.Url);
        Assert.Equal(403, english.Status);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("Access denied");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }
}
