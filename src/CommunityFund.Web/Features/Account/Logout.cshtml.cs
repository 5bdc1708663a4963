using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CommunityFund.Web.Features.Account;

[AllowAnonymous]
public class LogoutModel(IMediator mediator, ITenantContext tenant) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login", new { tenant = tenant.Current?.Identifier });

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true) await mediator.Send(new Command());
        return RedirectToPage("/Account/Login", new { tenant = tenant.Current?.Identifier });
    }

    /// <summary>A command, so signing out is in the audit trail (the tenant's inside a tenant, else the platform's).</summary>
    [RequiresSignedInUser]
    public sealed class Command : ICommand<Unit>;

    public sealed class Handler(SignInManager<AppUser> signIn) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await signIn.SignOutAsync();
            return Unit.Value;
        }
    }
}
