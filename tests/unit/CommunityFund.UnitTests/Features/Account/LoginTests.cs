using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Account;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Account;

public class LoginTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private Task Login(string email, string password) =>
        f.SendAsync(new LoginModel.Command { Email = email, Password = password });

    [Fact]
    public async Task The_right_password_signs_in()
    {
        var user = await f.CreateUserAsync();
        await Login(user.Email!, SliceFixture.Password);
    }

    [Fact]
    public async Task Failures_never_lock_the_account_the_next_attempt_only_waits()
    {
        var user = await f.CreateUserAsync();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "wrong password " + i));
            Assert.Contains("不正确", Assert.Single(wrong.Errors).ErrorMessage);
        }
        // The sixth attempt from the same address must wait a second, even with the right password.
        var waiting = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, SliceFixture.Password));
        Assert.Contains("登录尝试过多", Assert.Single(waiting.Errors).ErrorMessage);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await Login(user.Email!, SliceFixture.Password);
        // The success cleared this address's count on the account: five more failures are allowed again.
        await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "wrong again"));
        await Login(user.Email!, SliceFixture.Password);
    }

    [Theory]
    [InlineData(4, 5, 0)]
    [InlineData(5, 5, 1)]
    [InlineData(6, 5, 2)]
    [InlineData(12, 5, 128)]
    [InlineData(40, 5, 900)]
    public void The_wait_doubles_with_each_failure_beyond_the_free_ones_up_to_the_maximum(int failures, int free, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SignInThrottle.Delay(failures, free, 900));

    [Fact]
    public async Task An_unknown_email_gets_the_same_message_as_a_wrong_password()
    {
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Login("nobody@example.org", "whatever it is"));
        var user = await f.CreateUserAsync();
        var wrong = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "not the password"));
        Assert.Equal(Assert.Single(wrong.Errors).ErrorMessage, Assert.Single(unknown.Errors).ErrorMessage);
    }
}
