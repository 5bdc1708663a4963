using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// Every missing-document commitment in the tenant, for the secretariat to chase and the committee and auditors to
/// see what is owed before money moves. Overdue ones first.
/// </summary>
public class AllCommitmentsModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(string? state, int p = 1) => Data = await mediator.Send(new Query { Filter = Parse(state), Page = p });

    public enum StateFilter { Open, Overdue, Supplied, All }

    /// <summary>open, overdue, supplied or all (also when missing or unknown).</summary>
    public static StateFilter Parse(string? state) =>
        Enum.TryParse<StateFilter>(state, ignoreCase: true, out var f) && Enum.IsDefined(f) ? f : StateFilter.All;

    public sealed record Row(Guid Id, Guid ProposalId, int ProposalNumber, string ProposalTitle, string Organisation, string DocumentName,
        DateOnly DueDate, CommitmentState State, DateTimeOffset? SuppliedAt);

    public sealed record Result(StateFilter Filter, IReadOnlyList<Row> Rows, int Page, int Pages, int Total);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public StateFilter Filter { get; init; } = StateFilter.All;
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var today = clock.Today();
            var commitments = db.Set<MissingDocumentCommitment>().AsNoTracking();
            commitments = request.Filter switch
            {
                StateFilter.Open => commitments.Where(c => c.SuppliedAt == null && c.DueDate >= today),
                StateFilter.Overdue => commitments.Where(c => c.SuppliedAt == null && c.DueDate < today),
                StateFilter.Supplied => commitments.Where(c => c.SuppliedAt != null),
                _ => commitments,
            };
            var total = await commitments.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            // Outstanding first, earliest due date first (so the most overdue leads), then the supplied ones.
            var rows = await (from c in commitments
                              join p in db.Set<Proposal>() on c.ProposalId equals p.Id
                              join o in db.Set<Organisation>() on c.OrganisationId equals o.Id
                              orderby c.SuppliedAt == null ? 0 : 1, c.DueDate, o.Name, c.DocumentName, c.Id
                              select new { c, p.Number, p.Title, Organisation = o.Name })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new Result(request.Filter,
                [.. rows.Select(r => new Row(r.c.Id, r.c.ProposalId, r.Number, r.Title, r.Organisation, r.c.DocumentName, r.c.DueDate, r.c.StateOn(today), r.c.SuppliedAt))],
                page, pages, total);
        }
    }
}
