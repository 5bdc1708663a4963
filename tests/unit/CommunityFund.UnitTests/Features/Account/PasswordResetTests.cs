using System.Net;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Account;

namespace CommunityFund.UnitTests.Features.Account;

/// <summary>Forgot password → e-mailed link from App:BaseUrl → a new password, once, before the link expires; other sessions end.</summary>
public partial class PasswordResetTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private const string NewPassword = "a brand new passphrase";

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();

    private List<MimeMessage> MailTo(string email) =>
        (Directory.Exists(f.MailDirectory) ? Directory.GetFiles(f.MailDirectory, "*.eml") : [])
        .Select(p => MimeMessage.Load(p))
        .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    private static (Guid UserId, string Code, string Link) Parse(MimeMessage mail)
    {
        var link = ResetLink().Match(mail.TextBody ?? "").Value;
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        return (Guid.Parse(query["userId"]!), query["code"]!, link);
    }

    private static ResetPasswordModel.Command Reset(Guid userId, string code, string password = NewPassword) =>
        new() { UserId = userId, Code = code, Password = password, ConfirmPassword = password };

    private static Dictionary<string, string> Login(string email, string password) => new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task The_link_sets_a_new_password_once_and_signs_other_sessions_out()
    {
        using var app = new EdgeApp(f, new Dictionary<string, string?> { ["SignIn:SessionCheckSeconds"] = "0" });
        var user = await f.CreateUserAsync();
        var old = app.Client();
        await HttpLogin.SignInAsync(old, null, user.Email!, SliceFixture.Password);
        Assert.Contains("data-testid=\"signed-in-as\"", await old.GetStringAsync("/"));

        var asked = await HttpLogin.PostFormAsync(app.Client(), "/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal("/account/check-email", asked.Headers.Location?.OriginalString);
        var (userId, code, link) = Parse(Assert.Single(MailTo(user.Email!)));
        Assert.StartsWith(EdgeApp.BaseUrl + "/account/reset-password?", link);

        var reset = app.Client();
        var form = await reset.GetStringAsync(new Uri(link).PathAndQuery);
        Assert.Contains("data-testid=\"reset-form\"", form);
        var done = await HttpLogin.PostFormAsync(reset, new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Input.UserId"] = userId.ToString(), ["Input.Code"] = code, ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("密码已重设", await reset.GetStringAsync(done.Headers.Location));

        // The old session is over; the old password no longer works; the new one does.
        Assert.DoesNotContain("data-testid=\"signed-in-as\"", await old.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.OK, (await HttpLogin.PostFormAsync(app.Client(), "/account/login", Login(user.Email!, SliceFixture.Password))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(app.Client(), "/account/login", Login(user.Email!, NewPassword))).StatusCode);

        // The same link again is refused, and changes nothing.
        var again = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reset(userId, code, "yet another passphrase")));
        Assert.Contains("无效、已使用或已过期", Assert.Single(again.Errors).ErrorMessage);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(app.Client(), "/account/login", Login(user.Email!, NewPassword))).StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        using var app = new EdgeApp(f, new Dictionary<string, string?> { ["SignIn:PasswordResetMinutes"] = "0.02" }); // 1.2 seconds
        var user = await f.CreateUserAsync();
        await HttpLogin.PostFormAsync(app.Client(), "/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var (userId, code, link) = Parse(Assert.Single(MailTo(user.Email!)));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var client = app.Client();
        var refused = await HttpLogin.PostFormAsync(client, new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Input.UserId"] = userId.ToString(), ["Input.Code"] = code, ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("无效、已使用或已过期", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(app.Client(), "/account/login", Login(user.Email!, SliceFixture.Password))).StatusCode);
    }

    [Fact]
    public async Task A_forged_or_empty_code_is_refused()
    {
        var user = await f.CreateUserAsync();
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reset(user.Id, "")));
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reset(user.Id, "Q2ZESjhBTTBtYWRlIHVw")));
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Reset(Guid.NewGuid(), "Q2ZESjhBTTBtYWRlIHVw")));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var client = f.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var user = await f.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        var known = await HttpLogin.PostFormAsync(client, "/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var missing = await HttpLogin.PostFormAsync(client, "/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = unknown });
        Assert.Equal((known.StatusCode, known.Headers.Location), (missing.StatusCode, missing.Headers.Location));
        Assert.Empty(MailTo(unknown));
        Assert.Single(MailTo(user.Email!));
    }
}
