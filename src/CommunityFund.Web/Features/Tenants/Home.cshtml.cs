using CommunityFund.Web.Features.Shared;

namespace CommunityFund.Web.Features.Tenants;

/// <summary>A tenant's home: which fund this is and what the signed-in person may do here.</summary>
public class HomeModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;

    /// <summary>Where the home points, in this order; each link shows only to the roles its page lets through.</summary>
    public static readonly IReadOnlyList<TenantMenu.Item> Links =
    [
        TenantMenu.Members, TenantMenu.Organisations, TenantMenu.Contests, TenantMenu.Projects, TenantMenu.Approvals,
        TenantMenu.TimeLimits, TenantMenu.FundStatement, TenantMenu.AuditLog, TenantMenu.Ratings, TenantMenu.Inbox,
    ];

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public sealed record Result(TenantInfo Tenant, string? DisplayName, IReadOnlyList<TenantRole> Roles);

    [RequiresTenantRole]
    public sealed class Query : IRequest<Result>;

    public sealed class Handler(ITenantContext tenant, ICurrentUser user, IHttpContextAccessor http) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var name = http.HttpContext?.User.FindFirst("cf:display-name")?.Value;
            return new Result(tenant.Current!, name, roles.Order().ToList());
        }
    }
}
