using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>
/// What the claim view and each of its command pages share: the claim as shown (<see cref="DetailModel.Query"/>), loaded
/// again when a command is refused so the claim page is shown with the errors, and the way back to it when a command succeeds.
/// </summary>
public abstract class ClaimScreen(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    protected IMediator Mediator => mediator;
    protected Guid ClaimId { get; set; }
    public DetailModel.View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public string SettleKey { get; private set; } = "";
    public string Today { get; private set; } = "";

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new DetailModel.Query { ClaimId = ClaimId });
        SettleKey = InputRules.NewIdempotencyKey();
        Today = Formats.Date(clock.Today());
    }

    protected RedirectToPageResult BackToClaim(Guid id) => RedirectToPage("/Grants/Claims/Detail", new { tenant = tenant.Current!.Identifier, id });

    /// <summary>A plain visit to a command page: the claim's own access check, then the claim page.</summary>
    protected async Task<IActionResult> BackToClaimAsync(Guid id)
    {
        ClaimId = id;
        await ReloadAsync();
        return BackToClaim(id);
    }

    protected RedirectToPageResult Done(Guid id, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return BackToClaim(id);
    }
}
