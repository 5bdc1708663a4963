using Microsoft.AspNetCore.Authorization;

namespace CommunityFund.Web.Features.Error;

/// <summary>Every error status (403, 404, 410 for a suspended fund, 500) is rendered here, in the user's language.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // re-executed for failed POSTs too; it changes nothing
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string? TenantProblem { get; private set; }
    public string? TenantIdentifier { get; private set; }

    public void OnGet(int code) => Set(code);
    public void OnPost(int code) => Set(code);

    private void Set(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 500;
        TenantProblem = HttpContext.Items[TenantHttpItems.Problem] as string;
        TenantIdentifier = HttpContext.Items[TenantHttpItems.Identifier] as string;
        Response.StatusCode = Code;
    }
}
