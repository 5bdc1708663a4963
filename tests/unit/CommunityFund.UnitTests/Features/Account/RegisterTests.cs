using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Account;

namespace CommunityFund.UnitTests.Features.Account;

public class RegisterTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static RegisterModel.Command Registration(string email, string password) =>
        new() { DisplayName = "居民甲", Email = email, Password = password, ConfirmPassword = password };

    private async Task<(string Message, int UsersBefore, int UsersAfter)> RefusedAsync(RegisterModel.Command command, string culture, string field)
    {
        var before = await f.CountUsersAsync();
        var ex = await UiCulture.InAsync(culture, () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command)));
        var after = await f.CountUsersAsync();
        var error = Assert.Single(ex.Errors, e => e.PropertyName == field);
        return (error.ErrorMessage, before, after);
    }

    [Theory]
    [InlineData("not-an-email", "zh-CN", "邮箱格式不正确")]
    [InlineData("two@@example.org", "zh-CN", "邮箱格式不正确")]
    [InlineData("no spaces@example.org", "en", "not a valid email address")]
    [InlineData("nodomain@localhost", "en", "not a valid email address")]
    public async Task A_malformed_email_is_refused_with_a_localised_message_and_saves_nothing(string email, string culture, string expected)
    {
        var (message, before, after) = await RefusedAsync(Registration(email, "a long enough phrase"), culture, "Email");
        Assert.Contains(expected, message);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("zh-CN", "至少需要 8 个字符")]
    [InlineData("en", "at least 8 characters")]
    public async Task A_short_password_is_refused(string culture, string expected)
    {
        var (message, before, after) = await RefusedAsync(Registration($"{Guid.NewGuid():N}@example.org", "short7!"), culture, "Password");
        Assert.Contains(expected, message);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("12345678", "zh-CN", "太常见")]
    [InlineData("password123", "en", "too common")]
    [InlineData("woaini1314", "zh-CN", "太常见")]
    [InlineData("aaaaaaaaaaaa", "en", "too common")]
    public async Task A_common_password_is_refused(string password, string culture, string expected)
    {
        var (message, before, after) = await RefusedAsync(Registration($"{Guid.NewGuid():N}@example.org", password), culture, "Password");
        Assert.Contains(expected, message);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_taken_email_is_answered_as_a_new_one_and_its_owner_is_told_by_mail()
    {
        var existing = await f.CreateUserAsync();
        var before = await f.CountUsersAsync();

        var id = await f.SendAsync(Registration(existing.Email!.ToUpperInvariant(), "another good phrase"));

        Assert.Equal(Guid.Empty, id); // no account is made; the page answers as for a new one (see the HTTP test)
        Assert.Equal(before, await f.CountUsersAsync());
        var mail = Assert.Single(MailTo(existing.Email!));
        Assert.Contains("已经有账号", mail.TextBody);
        Assert.Contains("/account/forgot-password", mail.TextBody);
    }

    [Fact]
    public async Task A_taken_email_still_gets_the_password_rules_like_a_new_one()
    {
        var existing = await f.CreateUserAsync();
        var (message, _, _) = await RefusedAsync(Registration(existing.Email!, "password123"), "zh-CN", "Password");
        Assert.Contains("太常见", message);
        Assert.Empty(MailTo(existing.Email!));
    }

    [Fact]
    public async Task Over_http_a_taken_email_and_a_new_one_get_the_same_answer()
    {
        var client = f.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var existing = await f.CreateUserAsync();
        async Task<(System.Net.HttpStatusCode, string?, string)> Register(string email)
        {
            var response = await HttpLogin.PostFormAsync(client, "/account/register?returnUrl=%2F", new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "居民甲", ["Input.Email"] = email, ["Input.Password"] = "a long enough phrase", ["Input.ConfirmPassword"] = "a long enough phrase",
            });
            var next = await client.GetAsync(response.Headers.Location);
            return (response.StatusCode, response.Headers.Location?.ToString(), await next.Content.ReadAsStringAsync());
        }

        var taken = await Register(existing.Email!);
        var fresh = await Register($"{Guid.NewGuid():N}@example.org");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, taken.Item1);
        Assert.Equal(fresh.Item1, taken.Item1);
        Assert.Equal(fresh.Item2, taken.Item2);
        Assert.Equal(Normalised(fresh.Item3), Normalised(taken.Item3));
        Assert.Contains("data-testid=\"check-email\"", taken.Item3);
        Assert.DoesNotContain("signed-in-as", taken.Item3 + fresh.Item3); // registering signs nobody in
    }

    private static string Normalised(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");

    private List<MimeKit.MimeMessage> MailTo(string email) =>
        (Directory.Exists(f.MailDirectory) ? Directory.GetFiles(f.MailDirectory, "*.eml") : [])
        .Select(p => MimeKit.MimeMessage.Load(p))
        .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    [Fact]
    public async Task A_long_passphrase_without_digits_or_capitals_is_accepted()
    {
        var before = await f.CountUsersAsync();
        var id = await f.SendAsync(Registration($"{Guid.NewGuid():N}@example.org", "the quick brown fox jumps over the lazy dog " + new string('z', 20)));
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(before + 1, await f.CountUsersAsync());
    }

    [Fact]
    public async Task A_password_longer_than_128_characters_is_refused()
    {
        var (message, before, after) = await RefusedAsync(Registration($"{Guid.NewGuid():N}@example.org", new string('x', 100) + new string('y', 29)), "en", "Password");
        Assert.Contains("128", message);
        Assert.Equal(before, after);
    }
}
