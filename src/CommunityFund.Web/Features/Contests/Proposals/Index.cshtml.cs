using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// The proposals of one contest, in number order. The secretariat, committee and auditors see them all (and filter by
/// status); an organisation's member sees only their own organisations' proposals.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid contestId, ProposalStatus? status, int p = 1) =>
        Data = await mediator.Send(new Query { ContestId = contestId, Status = status, Page = p });

    public sealed record Row(Guid Id, int Number, string Title, string Organisation, string Category, decimal RequestedAmount,
        ProposalStatus Status, ProposalChannel Channel);

    public sealed record Result(Guid ContestId, string ContestTitle, ContestStage Stage, ProposalStatus? Status, IReadOnlyList<Row> Rows,
        int Total, int Page, int Pages, bool SeesAll, bool CanCreate);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<Result>
    {
        public Guid ContestId { get; init; }
        public ProposalStatus? Status { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        private static readonly TenantRole[] SeeAll = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await ProposalEditors.ContestOfAsync(db, request.ContestId, cancellationToken);
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var seesAll = SeeAll.Any(roles.Contains);
            var me = user.UserId;
            var proposals = db.Set<Proposal>().AsNoTracking().Where(p => p.ContestId == contest.Id);
            if (!seesAll)
                proposals = proposals.Where(p => db.Set<OrganisationMember>().Any(m => m.OrganisationId == p.OrganisationId && m.UserId == me));
            if (request.Status is { } status) proposals = proposals.Where(p => p.Status == status);

            var total = await proposals.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                    from p in proposals
                    join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                    orderby p.Number
                    select new Row(p.Id, p.Number, p.Title, o.Name, p.Category, p.RequestedAmount, p.Status, p.Channel))
                .Skip((page - 1) * PageSize).Take(PageSize)
                .ToListAsync(cancellationToken);
            var canCreate = ProposalLifecycle.MayCreate(contest.Stage) && (roles.Contains(TenantRole.Secretariat) || roles.Contains(TenantRole.OrgMember));
            return new Result(contest.Id, contest.Title, contest.Stage, request.Status, rows, total, page, pages, seesAll, canCreate);
        }
    }
}
