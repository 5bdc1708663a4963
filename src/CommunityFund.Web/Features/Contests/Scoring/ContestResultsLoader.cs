using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Voting;

namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>What the results page and the award proposal both need: the aggregation, and the proposals it ranks.</summary>
public sealed record LoadedResults(
    Contest Contest, ContestResults Results, IReadOnlyDictionary<Guid, Proposal> Proposals, IReadOnlyList<ScoreSheetScores> Sheets,
    IReadOnlySet<JudgeConflict> Conflicts);

/// <summary>
/// Loads one contest's accepted proposals, submitted sheets of panel judges, recorded conflicts and resident votes, and
/// runs <see cref="ContestAggregation"/>. The only path from stored scores to a ranking, so the results page, the award
/// list and the public notice can never disagree.
/// </summary>
public static class ContestResultsLoader
{
    public static async Task<LoadedResults> LoadAsync(AppDbContext db, Guid contestId, CancellationToken ct)
    {
        var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, ct)
                      ?? throw new NotFoundException("No such contest in this tenant.");
        var proposals = await db.Set<Proposal>().AsNoTracking()
            .Where(p => p.ContestId == contestId && p.Status == ProposalStatus.Accepted)
            .ToListAsync(ct);
        var panel = db.Set<ContestJudge>().Where(j => j.ContestId == contestId).Select(j => j.JudgeId);
        var stored = await db.Set<ScoreSheet>().AsNoTracking()
            .Where(s => s.ContestId == contestId && s.Status == SheetStatus.Submitted && panel.Contains(s.JudgeId))
            .ToListAsync(ct);
        var ids = proposals.Select(p => p.Id).ToHashSet();
        var sheets = stored.Where(s => ids.Contains(s.ProposalId))
            .Select(s => new ScoreSheetScores(s.JudgeId, s.ProposalId, s.GetScores())).ToList();
        var conflicts = (await db.Set<ConflictDeclaration>().AsNoTracking().Where(c => c.ContestId == contestId)
                .Select(c => new { c.JudgeId, c.ProposalId }).ToListAsync(ct))
            .Select(c => new JudgeConflict(c.JudgeId, c.ProposalId)).ToHashSet();
        var votes = (await db.Set<ResidentVote>().AsNoTracking().Where(v => v.ContestId == contestId)
                .GroupBy(v => v.ProposalId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Where(v => ids.Contains(v.Key))
            .ToDictionary(v => v.Key, v => v.Count);

        var results = ContestAggregation.Aggregate(
            contest.GetRubric(),
            [.. proposals.Select(p => new ContestProposal(p.Id, p.FirstSubmittedAt ?? p.CreatedAt, p.RequestedAmount))],
            sheets, conflicts, votes,
            new AggregationRules(new ScoreWeights(contest.ExpertWeight, contest.ResidentWeight), contest.TrimWhenAtLeast));
        return new LoadedResults(contest, results, proposals.ToDictionary(p => p.Id), sheets, conflicts);
    }
}
