using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CommunityFund.UnitTests.Support;

namespace CommunityFund.UnitTests.Features.Account;

/// <summary>Sign-in over HTTP: throttled across app servers whatever X-Forwarded-For says, and silent about who has an account.</summary>
public partial class LoginThrottleTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Dictionary<string, string> Form(string email, string password) => new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task Thirty_wrong_passwords_with_rotating_forwarded_for_across_two_servers_are_throttled_but_not_a_lockout()
    {
        using var first = new EdgeApp(f);
        using var second = new EdgeApp(f);
        var user = await f.CreateUserAsync();
        var clients = new[] { first.Client(), second.Client() };

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var client = clients[i % 2];
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            answers.Add((await HttpLogin.PostFormAsync(client, "/account/login", Form(user.Email!, "guess number " + i))).StatusCode);
        }

        // Five free failures (counted in the shared database, whichever server answered), then each attempt must wait
        // 1, 2, 4, 8 … seconds: on a slow machine one or two more get through once their wait is over, never many.
        var checkedPasswords = answers.Count(a => a == HttpStatusCode.OK);
        Assert.InRange(checkedPasswords, 5, 8);
        Assert.Equal(30 - checkedPasswords, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.OK, a));
        var waiting = await HttpLogin.PostFormAsync(clients[0], "/account/login", Form(user.Email!, SliceFixture.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Contains("登录尝试过多", await waiting.Content.ReadAsStringAsync());

        // Not a lockout: the owner, from another address, signs in at once.
        second.Peer = IPAddress.Parse("198.51.100.77");
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(second.Client(), "/account/login", Form(user.Email!, SliceFixture.Password))).StatusCode);
        // And the throttled address gets in once its wait (2^(failures − 5) seconds) is over.
        await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, checkedPasswords - 5) + 0.5));
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(clients[0], "/account/login", Form(user.Email!, SliceFixture.Password))).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex Token();

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer_in_about_the_same_time()
    {
        using var app = new EdgeApp(f, new Dictionary<string, string?>
        {
            ["SignIn:PairFreeFailures"] = "1000", ["SignIn:AddressFreeFailures"] = "1000", ["SignIn:AccountFreeFailures"] = "1000",
        });
        var user = await f.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org".Replace("nobody-", "x", StringComparison.Ordinal)[..user.Email!.Length]; // same length as the known address
        var client = app.Client();
        var token = await HttpLogin.AntiforgeryTokenAsync(client, "/account/login");

        async Task<(HttpStatusCode Status, string Body, double Ms)> AttemptAsync(string email)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>(Form(email, "not the password")) { ["__RequestVerificationToken"] = token });
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync("/account/login", form);
            var body = await response.Content.ReadAsStringAsync();
            clock.Stop();
            return (response.StatusCode, Token().Replace(body, "").Replace(email, "EMAIL", StringComparison.Ordinal), clock.Elapsed.TotalMilliseconds);
        }

        for (var i = 0; i < 3; i++) { await AttemptAsync(user.Email!); await AttemptAsync(unknown); } // warm both paths up
        var known = new List<double>();
        var missing = new List<double>();
        (HttpStatusCode Status, string Body, double Ms) lastKnown = default, lastMissing = default;
        for (var i = 0; i < 20; i++)
        {
            // Alternate which goes first, so neither side always runs right after the other.
            if (i % 2 == 0)
            {
                lastKnown = await AttemptAsync(user.Email!);
                lastMissing = await AttemptAsync(unknown);
            }
            else
            {
                lastMissing = await AttemptAsync(unknown);
                lastKnown = await AttemptAsync(user.Email!);
            }
            known.Add(lastKnown.Ms);
            missing.Add(lastMissing.Ms);
        }

        Assert.Equal(HttpStatusCode.OK, lastKnown.Status);
        Assert.Equal(lastKnown.Status, lastMissing.Status);
        Assert.Equal(lastKnown.Body, lastMissing.Body);
        Assert.Contains("邮箱或密码不正确", lastKnown.Body);
        double Median(List<double> xs) { var s = xs.Order().ToList(); return (s[9] + s[10]) / 2; }
        var (a, b) = (Median(known), Median(missing));
        Assert.True(Math.Abs(a - b) <= 0.2 * Math.Max(a, b), $"median {a:F1} ms for a known address vs {b:F1} ms for an unknown one");
    }
}
