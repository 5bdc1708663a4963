using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>The tenant's contest rounds, newest first.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool IsStaff => new[] { TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor }.Any(r => User.HasClaim(CommunityFundClaims.TenantRole, r.ToString()));

    public async Task OnGetAsync() => Rows = await mediator.Send(new Query());

    public sealed record Row(Guid Id, string Title, ContestStage Stage, decimal TotalBudget, DateOnly CollectOpens, DateOnly CollectCloses);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.Judge, TenantRole.OrgMember)]
    public sealed class Query : IRequest<IReadOnlyList<Row>>;

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Set<Contest>().AsNoTracking().OrderByDescending(c => c.CreatedAt)
                .Select(c => new Row(c.Id, c.Title, c.Stage, c.TotalBudget, c.CollectOpens, c.CollectCloses))
                .ToListAsync(cancellationToken);
    }
}
