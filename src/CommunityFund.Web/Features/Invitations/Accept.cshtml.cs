using Microsoft.AspNetCore.Authorization;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Invitations;

/// <summary>The link in an invitation email: sign in or register, then accept to receive the role.</summary>
[AllowAnonymous] // an invitee has no membership yet; anonymous visitors are offered sign-in / registration
public class AcceptModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    public Invitation? Invitation { get; private set; }
    public bool Expired { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Invitation = await mediator.Send(new Query { Token = Token });
        if (Invitation is null) return NotFound();
        Expired = Invitation.ExpiresAt < clock.GetUtcNow();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        try
        {
            await mediator.Send(new Command { Token = Token });
        }
        catch (ValidationException)
        {
            await OnGetAsync();
            throw; // shown on this page by the command filter
        }
        return RedirectToPage("/Tenants/Home", new { tenant = tenant.Current!.Identifier });
    }

    /// <summary>The invitation behind a link; the token is the secret, so anyone holding the link may see whom it invites.</summary>
    [AllowAnonymousRequest]
    public sealed class Query : IRequest<Invitation?>
    {
        public string Token { get; init; } = "";
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Invitation?>
    {
        public async Task<Invitation?> Handle(Query request, CancellationToken cancellationToken)
        {
            var hash = Invitation.Hash(request.Token);
            return await db.Set<Invitation>().AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        }
    }

    [RequiresSignedInUser]
    public sealed class Command : ICommand<Guid>
    {
        public string Token { get; init; } = "";
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var hash = Invitation.Hash(request.Token);
            var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken)
                             ?? throw new NotFoundException("No such invitation in this tenant.");
            var now = clock.GetUtcNow();
            if (invitation.AcceptedAt is not null) throw Refusal.Because(l["Invite.AlreadyAccepted"]);
            if (invitation.ExpiresAt < now) throw Refusal.Because(l["Invite.Expired"]);
            if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
                throw Refusal.Because(l["Invite.WrongAccount", invitation.Email]);

            var userId = user.UserId!.Value;
            if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == userId && m.Role == invitation.Role, cancellationToken))
                db.Add(new TenantMembership { UserId = userId, Role = invitation.Role, GrantedAt = now });
            invitation.AcceptedAt = now;
            invitation.AcceptedByUserId = userId;
            return invitation.Id;
        }
    }
}
