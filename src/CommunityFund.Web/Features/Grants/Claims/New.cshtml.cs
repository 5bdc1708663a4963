using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Web;
using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Starts a claim on a project with its first expense line (the claim page adds the rest).</summary>
public class NewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public AddLineModel.AddLine Input { get; set; } = new();
    public Form Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid projectId)
    {
        Input.ProjectId = projectId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, IFormFile? receipt, [FromServices] IOptions<FileStoreOptions> options)
    {
        Input.ProjectId = projectId;
        Input.ClaimId = null;
        Input.ReceiptContent = receipt is null ? [] : await UploadRules.ReadLimitedAsync(receipt, options.Value.MaxBytes, HttpContext.RequestAborted);
        Input.ReceiptFileName = receipt?.FileName;
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["New.CreatedNotice"].Value;
        return RedirectToPage("/Grants/Claims/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProjectId = Input.ProjectId });

    public sealed record Form(Guid ProjectId, int Number, string Title, ProjectStatus Status, DateOnly StartDate, DateOnly EndDate, bool Open,
        IReadOnlyList<DetailModel.BudgetOption> BudgetLines, bool IsSecretariat);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Query : IRequest<Form>
    {
        public Guid ProjectId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, Form>
    {
        public async Task<Form> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = await ClaimRules.OpenForFilingAsync(db, user, request.ProjectId, cancellationToken);
            var usage = await ClaimRules.UsageAsync(db, p.Id, null, cancellationToken);
            var lines = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(cancellationToken);
            var options = lines.Select(b =>
            {
                var u = usage.GetValueOrDefault(b.Id);
                return new DetailModel.BudgetOption(b.Id, b.Item, b.Approved - u.Spent - u.Pending);
            }).ToList();
            return new Form(p.Id, p.Number, p.Title, p.Status, p.StartDate, p.EndDate, ClaimRules.OpenProjectStatuses.Contains(p.Status), options,
                await ClaimRules.IsSecretariatAsync(user, cancellationToken));
        }
    }
}
