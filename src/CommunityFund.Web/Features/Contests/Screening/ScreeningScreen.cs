using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// What the screening view and each decision page share: the proposal's screening file as shown
/// (<see cref="ScreenModel.Query"/>), loaded again when a decision is refused so the screening page is shown with the
/// errors, which decisions the page offers, and the way back to it once a decision is taken.
/// </summary>
public abstract class ScreeningScreen(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : PageModel, IReloadOnInvalid
{
    protected IMediator Mediator => mediator;
    /// <summary>The decision forms' fields: the reason for a rejection and the one-time list for a return (one fix per line).</summary>
    [BindProperty] public DecisionForm Input { get; set; } = new();
    public ScreenModel.View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public Guid ProposalId { get; protected set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool CanDecide => IsSecretariat && Data.Stage == ContestStage.Screening && Data.Status == ProposalStatus.Submitted;
    public bool CanReturn => CanDecide && Data.FixList is null;
    public bool CanAcceptWithMissingDocuments => CanDecide && Data.Commitments.Any(c => c.State != CommitmentState.Supplied);

    public async Task ReloadAsync() => Data = await mediator.Send(new ScreenModel.Query { ProposalId = ProposalId });

    /// <summary>A plain visit to a decision page: the screening file's own access check, then the screening page.</summary>
    protected async Task<IActionResult> BackToScreeningAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
        return BackToScreening(id);
    }

    /// <summary>Sends the decision for the proposal in the address (whatever the form says) and goes back to the screening page.</summary>
    protected async Task<IActionResult> DecideAsync(Guid id, IRequest<ProposalStatus> decision)
    {
        ProposalId = id;
        var status = await mediator.Send(decision);
        TempData["Notice"] = t["Screening.DecidedNotice", t["ProposalStatus." + status]].Value;
        return BackToScreening(id);
    }

    private RedirectToPageResult BackToScreening(Guid id) => RedirectToPage("/Contests/Screening/Screen", new { tenant = tenant.Current!.Identifier, id });

    public sealed class DecisionForm
    {
        public string Reason { get; set; } = "";
        public string Fixes { get; set; } = "";
    }
}
