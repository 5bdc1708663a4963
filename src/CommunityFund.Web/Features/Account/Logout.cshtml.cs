using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CommunityFund.Web.Features.Account;

[AllowAnonymous]
public class LogoutModel(SignInManager<AppUser> signIn, ITenantContext tenant) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login", new { tenant = tenant.Current?.Identifier });

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login", new { tenant = tenant.Current?.Identifier });
    }
}
