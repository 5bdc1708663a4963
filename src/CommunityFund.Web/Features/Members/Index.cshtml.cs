namespace CommunityFund.Web.Features.Members;

/// <summary>Who holds which role in this tenant, and which invitations are still open.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], [], 1, 1);
    public bool CanInvite => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public const int PageSize = 25;

    public sealed record Member(Guid UserId, string Email, string DisplayName, IReadOnlyList<TenantRole> Roles);
    public sealed record PendingInvitation(string Email, TenantRole Role, DateTimeOffset ExpiresAt, bool Expired);
    public sealed record Result(IReadOnlyList<Member> Members, IReadOnlyList<PendingInvitation> Pending, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            // Memberships live in the tenant's database, accounts in the catalog: page the users, then look them up.
            var userIds = db.Set<TenantMembership>().Select(m => m.UserId).Distinct();
            var total = await userIds.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var pageIds = await userIds.OrderBy(id => id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var memberships = await db.Set<TenantMembership>().Where(m => pageIds.Contains(m.UserId)).ToListAsync(cancellationToken);
            var users = await catalog.Users.AsNoTracking().Where(u => pageIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.DisplayName }).ToDictionaryAsync(u => u.Id, cancellationToken);
            var members = pageIds
                .Select(id => new Member(id, users.GetValueOrDefault(id)?.Email ?? "?", users.GetValueOrDefault(id)?.DisplayName ?? "",
                    memberships.Where(m => m.UserId == id).Select(m => m.Role).Order().ToList()))
                .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();

            var now = clock.GetUtcNow();
            var pending = await db.Set<Invitation>().Where(i => i.AcceptedAt == null).OrderByDescending(i => i.CreatedAt).Take(50)
                .Select(i => new { i.Email, i.Role, i.ExpiresAt }).ToListAsync(cancellationToken);
            return new Result(members, pending.Select(i => new PendingInvitation(i.Email, i.Role, i.ExpiresAt, i.ExpiresAt < now)).ToList(), page, pages);
        }
    }
}
