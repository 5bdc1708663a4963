using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// The screening queue of one contest: submitted proposals waiting for a decision (oldest submission first), returned
/// ones waiting for the organisation's resubmission, and how many proposals are in each status.
/// </summary>
public class QueueModel(IMediator mediator) : PageModel
{
    public const int PageSize = 30;

    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId, int p = 1) => Data = await mediator.Send(new Query { ContestId = contestId, Page = p });

    public sealed record Row(Guid Id, int Number, string Title, string Organisation, decimal RequestedAmount, DateTimeOffset? LastSubmittedAt,
        int LatestVersion, bool Resubmitted, bool HasOutstandingCommitments);

    public sealed record Result(
        Guid ContestId, string ContestTitle, ContestStage Stage, IReadOnlyDictionary<ProposalStatus, int> Counts,
        IReadOnlyList<Row> Awaiting, int Page, int Pages, IReadOnlyList<Row> Returned);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public Guid ContestId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId)
                              .Select(c => new { c.Id, c.Title, c.Stage }).SingleOrDefaultAsync(cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var proposals = db.Set<Proposal>().AsNoTracking().Where(p => p.ContestId == contest.Id);
            var byStatus = await proposals.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            var counts = Enum.GetValues<ProposalStatus>().ToDictionary(s => s, s => byStatus.Where(x => x.Key == s).Sum(x => x.Count));

            var awaiting = proposals.Where(p => p.Status == ProposalStatus.Submitted);
            var pages = Math.Max(1, (counts[ProposalStatus.Submitted] + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var awaitingRows = await Rows(awaiting.OrderBy(p => p.LastSubmittedAt).ThenBy(p => p.Number).Skip((page - 1) * PageSize).Take(PageSize))
                .ToListAsync(cancellationToken);
            var returnedRows = await Rows(proposals.Where(p => p.Status == ProposalStatus.Returned).OrderBy(p => p.ScreenedAt).ThenBy(p => p.Number))
                .ToListAsync(cancellationToken);
            return new Result(contest.Id, contest.Title, contest.Stage, counts, awaitingRows, page, pages, returnedRows);
        }

        private IQueryable<Row> Rows(IQueryable<Proposal> proposals) =>
            from p in proposals
            join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
            select new Row(p.Id, p.Number, p.Title, o.Name, p.RequestedAmount, p.LastSubmittedAt, p.LatestVersion,
                db.Set<ProposalFixList>().Any(f => f.ProposalId == p.Id),
                db.Set<MissingDocumentCommitment>().Any(c => c.ProposalId == p.Id && c.SuppliedAt == null));
    }
}
