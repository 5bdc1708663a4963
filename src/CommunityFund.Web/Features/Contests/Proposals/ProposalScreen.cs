using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// What the proposal view and each of its command pages share: the proposal as shown (<see cref="DetailModel.Query"/>),
/// loaded again when a command is refused so the proposal page is shown with the errors, the submit form's state, and the
/// way back to the proposal when a command succeeds.
/// </summary>
public abstract class ProposalScreen(IMediator mediator, ITenantContext tenant) : PageModel, IReloadOnInvalid
{
    protected IMediator Mediator => mediator;
    protected Guid ProposalId { get; set; }
    public DetailModel.View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    [BindProperty(Name = "v", SupportsGet = true)] public int? ShowVersion { get; set; }

    /// <summary>The submit form as shown: the version the user sees and the answers to the fix list (as posted, after a refused submission).</summary>
    public SubmitModel.SubmitCommand Input { get; protected set; } = new();

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new DetailModel.Query { ProposalId = ProposalId, Version = ShowVersion });
        if (Input.Version != 0) return;
        // A fresh form: the version on screen, and one blank answer per item of the fix list.
        Input.ProposalId = ProposalId;
        Input.Version = Data.Version;
        if (Data.FixList is { } list) Input.Fixes = [.. list.Items.Select(i => new SubmitModel.FixAnswer { Done = false, Answer = i.Answer ?? "" })];
    }

    protected RedirectToPageResult BackToProposal(Guid id) => RedirectToPage("/Contests/Proposals/Detail", new { tenant = tenant.Current!.Identifier, id });

    /// <summary>A plain visit to a command page: the proposal's own access check, then the proposal page.</summary>
    protected async Task<IActionResult> BackToProposalAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
        return BackToProposal(id);
    }

    protected RedirectToPageResult Done(Guid id, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return BackToProposal(id);
    }
}
