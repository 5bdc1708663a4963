namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>The register of organisations: pending ones first, so the secretariat sees what waits for verification.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public Result Data { get; private set; } = new([], 1, 1);
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool IsOrgMember => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.OrgMember));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public sealed record Row(Guid Id, string Name, string CreditCode, OrganisationCategory Category, VerificationStatus Status,
        RegistrationChannel Channel, DateTimeOffset CreatedAt);
    public sealed record Result(IReadOnlyList<Row> Rows, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var visible = (await OrganisationAccess.VisibleAsync(db, user, cancellationToken)).AsNoTracking();
            var count = await visible.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await visible
                .OrderBy(o => o.Status == VerificationStatus.Pending ? 0 : 1).ThenByDescending(o => o.CreatedAt).ThenBy(o => o.Name)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(o => new Row(o.Id, o.Name, o.CreditCode, o.Category, o.Status, o.Channel, o.CreatedAt))
                .ToListAsync(cancellationToken);
            return new Result(rows, page, pages);
        }
    }
}
