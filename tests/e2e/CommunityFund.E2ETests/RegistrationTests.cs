using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

[Collection(E2ECollection.Name)]
public sealed class RegistrationTests(E2EFixture app) : BrowserTest
{
    private const string GoodPassword = "石坪桥的阳光-2026-e2e";

    public sealed record BadInput(string Email, string Password, string Field, string Message);

    private static BadInput Case(string name)
    {
        var fresh = $"e2e-{Guid.NewGuid():N}@example.com";
        var taken = DemoData.EmailOf("shipingqiao", TenantRole.Secretariat);
        return name switch
        {
            "malformed email" => new("wang.xiulan.example.com", GoodPassword, "Input.Email", "邮箱格式不正确，例如 name@example.com。"),
            "too short password" => new(fresh, "abc1234", "Input.Password", "密码至少需要 8 个字符。"),
            "common password" => new(fresh, "password123", "Input.Password", "这个密码太常见，容易被猜到，请换一个。"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    [Theory]
    [InlineData("malformed email")]
    [InlineData("too short password")]
    [InlineData("common password")]
    public async Task Registration_with_bad_input_shows_the_Chinese_message_and_creates_no_account(string name)
    {
        var input = Case(name);
        var accountsBefore = await CountAccountsAsync();
        var sameEmailBefore = await CountAccountsWithEmailAsync(input.Email);
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await RegisterAsync(page, "/account/register", "测试用户", input.Email, input.Password, input.Password);

        Assert.Equal(200, response.Status);
        Assert.Equal($"{app.BaseUrl}/account/register", page.Url);
        await Expect(page.Locator($"span.text-danger[data-valmsg-for='{input.Field}']")).ToHaveTextAsync(input.Message);
        // Only that field complains.
        await Expect(page.Locator($"span.text-danger[data-valmsg-for]:not([data-valmsg-for='{input.Field}'])"))
            .ToHaveTextAsync(["", "", ""]);
        // What the person typed is kept (except the passwords), and nobody is signed in.
        await Expect(page.Locator("input[name='Input.Email']")).ToHaveValueAsync(input.Email);
        await Expect(page.Locator("input[name='Input.Password']")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);

        Assert.Equal(accountsBefore, await CountAccountsAsync());
        Assert.Equal(sameEmailBefore, await CountAccountsWithEmailAsync(input.Email));
    }

    [Fact]
    public async Task A_taken_email_gets_the_same_answer_as_a_new_one_and_the_existing_account_is_untouched()
    {
        var taken = DemoData.EmailOf("shipingqiao", TenantRole.Secretariat);
        await using var context = await app.NewContextAsync(E2EFixture.Phone);
        var page = await context.NewPageAsync();

        var response = await RegisterAsync(page, "/account/register", "冒名者", taken.ToUpperInvariant(), GoodPassword, GoodPassword);

        Assert.Equal(200, response.Status);
        Assert.Equal($"{app.BaseUrl}/account/check-email", page.Url);
        await Expect(page.GetByTestId("check-email")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        var existing = await app.WithServicesAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(taken));
        Assert.NotNull(existing);
        Assert.Equal("王秀兰", existing.DisplayName);
        Assert.Equal(1, await CountAccountsWithEmailAsync(taken));
    }

    /// <summary>The control case: the same form with good input does create the account, so the refusals above mean something.</summary>
    [Fact]
    public async Task Registration_with_good_input_creates_the_account_and_asks_to_confirm_the_address()
    {
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var accountsBefore = await CountAccountsAsync();
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await RegisterAsync(page, "/account/register", "测试用户𠀀", email, GoodPassword, GoodPassword);

        Assert.Equal(200, response.Status);
        Assert.Equal($"{app.BaseUrl}/account/check-email", page.Url);
        await Expect(page.GetByTestId("check-email")).ToBeVisibleAsync();
        var user = await app.WithServicesAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
        Assert.NotNull(user);
        Assert.Equal("测试用户𠀀", user.DisplayName);
        Assert.Equal(accountsBefore + 1, await CountAccountsAsync());
        Assert.Equal(1, await CountAccountsWithEmailAsync(email));
        Assert.StartsWith("/account/confirm-email?", await Mailbox.ConfirmationLinkAsync(app, email));
    }

    private static async Task<IResponse> RegisterAsync(IPage page, string url, string displayName, string email, string password, string confirm)
    {
        var form = await page.GotoAsync(url);
        Assert.Equal(200, form?.Status);
        await page.Locator("input[name='Input.DisplayName']").FillAsync(displayName);
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(confirm);
        return await page.SubmitAsync(page.Locator("main form button[type=submit]"));
    }

    private Task<int> CountAccountsAsync() =>
        app.WithServicesAsync(sp => sp.GetRequiredService<CatalogDbContext>().Users.CountAsync());

    private Task<int> CountAccountsWithEmailAsync(string email)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return app.WithServicesAsync(sp => sp.GetRequiredService<CatalogDbContext>().Users
            .CountAsync(u => u.NormalizedEmail == normalized || u.NormalizedUserName == normalized));
    }
}
