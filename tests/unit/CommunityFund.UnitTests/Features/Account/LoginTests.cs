using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Account;

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
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        var user = await f.CreateUserAsync();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "wrong password " + i));
            Assert.Contains("不正确", Assert.Single(wrong.Errors).ErrorMessage);
        }
        await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "wrong password 5"));

        var locked = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, SliceFixture.Password));
        Assert.Contains("锁定", Assert.Single(locked.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Four_failures_do_not_lock_the_account()
    {
        var user = await f.CreateUserAsync();
        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "wrong password " + i));
        await Login(user.Email!, SliceFixture.Password);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_message_as_a_wrong_password()
    {
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Login("nobody@example.org", "whatever it is"));
        var user = await f.CreateUserAsync();
        var wrong = await Assert.ThrowsAsync<ValidationException>(() => Login(user.Email!, "not the password"));
        Assert.Equal(Assert.Single(wrong.Errors).ErrorMessage, Assert.Single(unknown.Errors).ErrorMessage);
    }
}
