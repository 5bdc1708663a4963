using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CommunityFund.Web.Features.Account;

/// <summary>The link of the confirmation e-mail: a valid code confirms the address; anything else says the link is not valid.</summary>
[AllowAnonymous]
public class ConfirmEmailModel(IMediator mediator) : PageModel
{
    public bool Confirmed { get; private set; }
    public string? ReturnUrl { get; private set; }

    public async Task OnGetAsync(Guid userId, string? code, string? returnUrl)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        Confirmed = await mediator.Send(new Command { UserId = userId, Code = code ?? "" });
    }

    [AllowAnonymousRequest]
    public sealed class Command : IPlatformCommand<bool>, IHasAuditTarget
    {
        public Guid UserId { get; init; }
        public string Code { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => UserId.ToString();
    }

    public sealed class Handler(UserManager<AppUser> users) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            if (request.Code.Length == 0) return false;
            var user = await users.FindByIdAsync(request.UserId.ToString());
            if (user is null) return false;
            return (await users.ConfirmEmailAsync(user, request.Code)).Succeeded;
        }
    }
}
