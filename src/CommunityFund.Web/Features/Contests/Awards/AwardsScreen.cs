using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>
/// What the award page and each of its command pages share: the contest's award list and ranking as shown
/// (<see cref="IndexModel.Query"/>), loaded again when a command is refused so the award page is shown with the errors
/// and what was typed, and the way back to it when a command succeeds.
/// </summary>
public abstract class AwardsScreen(IMediator mediator, ITenantContext tenant, ICurrentUser user) : PageModel, IReloadOnInvalid
{
    protected IMediator Mediator => mediator;
    protected Guid ContestId { get; set; }
    /// <summary>The cuts typed on the propose form (as posted, after a refused proposal).</summary>
    public ProposeModel.Propose Input { get; protected set; } = new();
    /// <summary>The committee member's note typed on the confirm form (as posted, after a refused confirmation).</summary>
    public string ConfirmNote { get; protected set; } = "";
    public IndexModel.View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool IsCommittee => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Committee));
    public Guid? Me => user.UserId;

    public async Task ReloadAsync() => Data = await mediator.Send(new IndexModel.Query { ContestId = ContestId });

    /// <summary>A plain visit to a command page: the award page's own access check, then the award page.</summary>
    protected async Task<IActionResult> BackToAwardsAsync(Guid contestId)
    {
        ContestId = contestId;
        await ReloadAsync();
        return BackToAwards(contestId);
    }

    protected RedirectToPageResult Done(Guid contestId, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return BackToAwards(contestId);
    }

    private RedirectToPageResult BackToAwards(Guid contestId) => RedirectToPage("/Contests/Awards/Index", new { tenant = tenant.Current!.Identifier, contestId });
}
