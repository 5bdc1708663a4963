
namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>Funded projects (资助项目): staff see all, an organisation's member sees its own; filtered by status, newest first.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public Result Data { get; private set; } = new([], 1, 1, null);
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(int p = 1, string? status = null) =>
        Data = await mediator.Send(new Query { Page = p, Status = Enum.TryParse<ProjectStatus>(status, out var s) && Enum.IsDefined(s) ? s : null });

    public sealed record Row(Guid Id, int Number, string Title, string Organisation, decimal ApprovedAmount, FundingMode Mode, ProjectStatus Status,
        DateOnly StartDate, DateOnly EndDate, bool FromContest);
    public sealed record Result(IReadOnlyList<Row> Rows, int Page, int Pages, ProjectStatus? Status);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
        public ProjectStatus? Status { get; init; }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var visible = await ProjectAccess.VisibleAsync(db, user, cancellationToken);
            if (request.Status is { } status) visible = visible.Where(p => p.Status == status);
            var count = await visible.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                    from p in visible
                    join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                    orderby p.Number descending
                    select new Row(p.Id, p.Number, p.Title, o.Name, p.ApprovedAmount, p.Mode, p.Status, p.StartDate, p.EndDate, p.ContestId != null))
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new Result(rows, page, pages, request.Status);
        }
    }
}
