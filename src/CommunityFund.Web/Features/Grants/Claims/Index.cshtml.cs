using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>A project's claims, newest first, with links to file a new one and to the budget-vs-actual table.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid projectId, int p = 1) =>
        Data = await mediator.Send(new Query { ProjectId = projectId, Page = p });

    public sealed record Row(Guid Id, int Number, ClaimStatus Status, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt);

    public sealed record View(Guid ProjectId, int ProjectNumber, string Title, bool CanFile, IReadOnlyList<Row> Rows, int Page, int TotalPages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public const int PageSize = 20;
        public Guid ProjectId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = await ProjectAccess.OpenAsync(db, user, request.ProjectId, cancellationToken);
            var claims = db.Set<ExpenseClaim>().AsNoTracking().Where(c => c.ProjectId == p.Id);
            var count = await claims.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + Query.PageSize - 1) / Query.PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await claims.OrderByDescending(c => c.Number).Skip((page - 1) * Query.PageSize).Take(Query.PageSize)
                .Select(c => new Row(c.Id, c.Number, c.Status, c.Total, c.CreatedAt, c.SubmittedAt)).ToListAsync(cancellationToken);
            var canFile = await ClaimRules.IsSecretariatAsync(user, cancellationToken) || await ClaimRules.IsMemberAsync(db, user, p, cancellationToken);
            return new View(p.Id, p.Number, p.Title, canFile, rows, page, pages);
        }
    }
}
