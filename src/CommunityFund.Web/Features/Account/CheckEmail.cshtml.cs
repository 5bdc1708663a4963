using Microsoft.AspNetCore.Authorization;

namespace CommunityFund.Web.Features.Account;

/// <summary>After registering or asking for a password reset: the same words whatever the address was.</summary>
[AllowAnonymous]
public class CheckEmailModel : PageModel
{
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null;
}
