using System.Net;
using System.Text.RegularExpressions;

namespace CommunityFund.UnitTests.Support;

public static partial class HttpLogin
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    /// <summary>Posts a form the way the browser does, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, IDictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(client, url);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts the form a page shows to the use case's own page (whose plain visit only redirects back), antiforgery token from the page.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, IDictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(client, pageUrl);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(form));
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string? tenant, string email, string password)
    {
        var url = tenant is null ? "/account/login" : $"/{tenant}/account/login";
        var response = await PostFormAsync(client, url, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in at {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
