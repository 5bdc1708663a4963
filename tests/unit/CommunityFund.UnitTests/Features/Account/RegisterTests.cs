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
    public async Task A_duplicate_email_is_refused_whatever_its_case()
    {
        var existing = await f.CreateUserAsync();
        var (message, before, after) = await RefusedAsync(Registration(existing.Email!.ToUpperInvariant(), "another good phrase"), "zh-CN", "Email");
        Assert.Contains("已注册", message);
        Assert.Equal(before, after);
    }

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
