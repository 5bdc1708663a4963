using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Account;

/// <summary>The language switch in every page's header posts here; the choice is kept in a cookie for a year.</summary>
[AllowAnonymous]
public class LanguageModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = Cultures.Supported.Contains(culture) ? culture! : Cultures.Chinese;
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = Request.IsHttps });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
