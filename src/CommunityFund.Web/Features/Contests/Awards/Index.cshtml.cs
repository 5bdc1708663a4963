using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>
/// The award list (DESIGN §4 Award): once scoring is closed the secretariat proposes it from the ranking, greedy within
/// the budget, with cuts that each carry a reason (<see cref="ProposeModel"/>); a committee member other than the preparer
/// confirms it (maker-checker, §5/§8; <see cref="ConfirmModel"/>). The preparer may withdraw a proposed list and propose
/// again (<see cref="WithdrawModel"/>). Each is its own page, whose form this page shows. Committee and auditors read it.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, ICurrentUser user) : AwardsScreen(mediator, tenant, user)
{
    public async Task OnGetAsync(Guid contestId)
    {
        ContestId = contestId;
        await ReloadAsync();
    }

    public sealed record RankedRow(Guid ProposalId, int Rank, int Number, string Title, string Organisation, decimal? ExpertScore, int Votes,
        decimal FinalScore, decimal Requested);

    public sealed record ListView(Guid Id, AwardListStatus Status, decimal TotalBudget, decimal TotalAwarded, Guid PreparedById, string PreparedBy,
        DateTimeOffset PreparedAt, string? ConfirmedBy, DateTimeOffset? ConfirmedAt, string? ConfirmNote, IReadOnlyList<AwardRow> Items)
    {
        public decimal Remaining => TotalBudget - TotalAwarded;
    }

    public sealed record WithdrawnView(DateTimeOffset PreparedAt, string PreparedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy, decimal TotalAwarded);

    /// <summary><see cref="Ranking"/> is filled only when a list may be proposed (scoring closed, no open or confirmed list).</summary>
    public sealed record View(Guid ContestId, string Title, ContestStage Stage, decimal TotalBudget, ListView? Current,
        IReadOnlyList<WithdrawnView> Withdrawn, IReadOnlyList<RankedRow> Ranking)
    {
        public bool CanPropose => Stage == ContestStage.ScoringClosed && Current is null;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var lists = await db.Set<AwardList>().AsNoTracking().Where(l => l.ContestId == contest.Id)
                .OrderByDescending(l => l.PreparedAt).ToListAsync(cancellationToken);
            var current = lists.FirstOrDefault(l => l.Status != AwardListStatus.Withdrawn);
            var people = lists.SelectMany(l => new[] { l.PreparedBy, l.ConfirmedBy ?? Guid.Empty, l.WithdrawnBy ?? Guid.Empty }).Where(g => g != Guid.Empty);
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            string Name(Guid? id) => id is { } g ? names.GetValueOrDefault(g, "?") : "";

            ListView? currentView = null;
            if (current is not null)
            {
                var items = await AwardRows.LoadAsync(db, current.Id, cancellationToken);
                currentView = new ListView(current.Id, current.Status, current.TotalBudget, current.TotalAwarded, current.PreparedBy, Name(current.PreparedBy),
                    current.PreparedAt, current.ConfirmedBy is null ? null : Name(current.ConfirmedBy), current.ConfirmedAt, current.ConfirmNote, items);
            }
            var withdrawn = lists.Where(l => l.Status == AwardListStatus.Withdrawn)
                .Select(l => new WithdrawnView(l.PreparedAt, Name(l.PreparedBy), l.WithdrawnAt, l.WithdrawnBy is null ? null : Name(l.WithdrawnBy), l.TotalAwarded))
                .ToList();

            IReadOnlyList<RankedRow> ranking = [];
            if (contest.Stage == ContestStage.ScoringClosed && current is null)
            {
                var loaded = await ContestResultsLoader.LoadAsync(db, contest.Id, cancellationToken);
                var orgs = await OrganisationNamesAsync(db, loaded, cancellationToken);
                ranking = loaded.Results.Ranking.Select(r =>
                {
                    var p = loaded.Proposals[r.ProposalId];
                    return new RankedRow(r.ProposalId, r.Rank, p.Number, p.Title, orgs.GetValueOrDefault(p.OrganisationId, "?"), r.ExpertScore, r.Votes,
                        r.FinalScore, r.RequestedAmount);
                }).ToList();
            }
            return new View(contest.Id, contest.Title, contest.Stage, contest.TotalBudget, currentView, withdrawn, ranking);
        }

        private static async Task<Dictionary<Guid, string>> OrganisationNamesAsync(AppDbContext db, LoadedResults loaded, CancellationToken ct)
        {
            var ids = loaded.Proposals.Values.Select(p => p.OrganisationId).Distinct().ToList();
            return await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        }
    }
}
