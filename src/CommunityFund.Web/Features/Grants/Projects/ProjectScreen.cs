using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// What the project page and its close-out command pages share: the project as shown (<see cref="DetailModel.Query"/>),
/// loaded again when a command is refused so the project page is shown with the errors, and the forms it holds.
/// </summary>
public abstract class ProjectScreen(IMediator mediator, ITenantContext tenant) : PageModel, IReloadOnInvalid
{
    protected IMediator Mediator => mediator;
    [BindProperty] public DetailModel.Transition Input { get; set; } = new();
    /// <summary>The returned-advance form (close-out).</summary>
    [BindProperty] public ReturnAdvance Return { get; set; } = new();
    /// <summary>The write-off request form (close-out).</summary>
    [BindProperty] public RequestAdvanceWriteOff WriteOff { get; set; } = new();
    /// <summary>Which close-out form was sent ("return", "write-off"), so a refusal's field messages show on that form.</summary>
    public string? PostedForm { get; protected set; }
    public DetailModel.View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task ReloadAsync() => Data = await mediator.Send(new DetailModel.Query { ProjectId = Input.ProjectId });

    protected RedirectToPageResult BackToProject(Guid id) => RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });

    /// <summary>A plain visit to a command page: the project's own access check, then the project page.</summary>
    protected async Task<IActionResult> BackToProjectAsync(Guid id)
    {
        Input.ProjectId = id;
        await ReloadAsync();
        return BackToProject(id);
    }

    protected RedirectToPageResult Done(Guid id, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return BackToProject(id);
    }
}
