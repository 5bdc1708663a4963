using Microsoft.AspNetCore.Authorization;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Voting;

/// <summary>
/// The live tally for the big screen at the roadshow: public (no sign-in on a projector laptop), shown from the roadshow
/// on. The page fetches <c>?handler=Data</c> every few seconds; without JavaScript it reloads itself.
/// </summary>
[AllowAnonymous]
public class TallyModel(IMediator mediator) : PageModel
{
    public const int RefreshSeconds = 5;

    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId) => Data = await mediator.Send(new Query { ContestId = contestId });

    public async Task<IActionResult> OnGetDataAsync(Guid contestId)
    {
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(await mediator.Send(new Query { ContestId = contestId }));
    }

    public sealed record Row(Guid Id, int Number, string Title, string Organisation, int Votes, decimal Percent);

    /// <summary><see cref="Row.Percent"/> is the bar width: votes relative to the leader (the leader's bar is full).</summary>
    public sealed record Result(Guid ContestId, string Title, ContestStage Stage, IReadOnlyList<Row> Rows, int Ballots, int Votes, DateTimeOffset UpdatedAt)
    {
        public string UpdatedAtChina => Infrastructure.Localization.Formats.China(UpdatedAt).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
    }

    [AllowAnonymousRequest]
    public sealed class Query : IRequest<Result>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId)
                .Select(c => new { c.Id, c.Title, c.Stage }).SingleOrDefaultAsync(cancellationToken);
            // Before the roadshow there is nothing public to show, so the contest is simply not found.
            if (contest is null || contest.Stage < ContestStage.Roadshow) throw new NotFoundException("No tally for this contest.");
            var proposals = await (from p in db.Set<Proposal>().AsNoTracking()
                                   join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                                   where p.ContestId == contest.Id && p.Status == ProposalStatus.Accepted
                                   orderby p.RunningOrder == null, p.RunningOrder, p.Number
                                   select new { p.Id, p.Number, p.Title, Organisation = o.Name }).ToListAsync(cancellationToken);
            var votes = await db.Set<ResidentVote>().AsNoTracking().Where(v => v.ContestId == contest.Id)
                .GroupBy(v => v.ProposalId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            var ballots = await db.Set<ResidentBallot>().CountAsync(b => b.ContestId == contest.Id, cancellationToken);
            var leader = proposals.Max(p => (int?)votes.GetValueOrDefault(p.Id)) ?? 0;
            var rows = proposals.Select(p =>
            {
                var n = votes.GetValueOrDefault(p.Id);
                return new Row(p.Id, p.Number, p.Title, p.Organisation, n, leader == 0 ? 0m : Math.Round(n * 100m / leader, 1));
            }).ToList();
            return new Result(contest.Id, contest.Title, contest.Stage, rows, ballots, rows.Sum(r => r.Votes), clock.GetUtcNow());
        }
    }
}
