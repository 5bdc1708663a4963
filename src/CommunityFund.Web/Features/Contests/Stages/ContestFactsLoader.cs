using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;

namespace CommunityFund.Web.Features.Contests.Stages;

/// <summary>Gathers everything the stage guards ask about one contest from the database, in a handful of counting queries.</summary>
public static class ContestFactsLoader
{
    public static async Task<ContestFacts> LoadAsync(AppDbContext db, Contest contest, DateTimeOffset now, CancellationToken ct)
    {
        var id = contest.Id;
        var proposals = db.Set<Proposal>().Where(p => p.ContestId == id);
        var byStatus = await proposals.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params ProposalStatus[] s) => byStatus.Where(x => s.Contains(x.Key)).Sum(x => x.Count);
        var accepted = proposals.Where(p => p.Status == ProposalStatus.Accepted);
        var withoutSlot = await accepted.CountAsync(p => p.RunningOrder == null || p.SlotStart == null, ct);
        var judges = db.Set<ContestJudge>().Where(j => j.ContestId == id);
        var judgeCount = await judges.CountAsync(ct);
        var conflicts = db.Set<ConflictDeclaration>().Where(c => c.ContestId == id);
        // Expected sheets: every panel judge × every accepted proposal, less conflicted pairs.
        var expected = await (from p in accepted
                              from j in judges
                              where !conflicts.Any(c => c.ProposalId == p.Id && c.JudgeId == j.JudgeId)
                              select p.Id).CountAsync(ct);
        var submitted = await (from s in db.Set<ScoreSheet>()
                               join j in judges on s.JudgeId equals j.JudgeId
                               join p in accepted on s.ProposalId equals p.Id
                               where s.ContestId == id && s.Status == SheetStatus.Submitted
                                     && !conflicts.Any(c => c.ProposalId == s.ProposalId && c.JudgeId == s.JudgeId)
                               select s.Id).CountAsync(ct);
        var confirmed = await db.Set<AwardList>().AnyAsync(l => l.ContestId == id && l.Status == AwardListStatus.Confirmed, ct);
        var openObjections = await db.Set<Objection>().CountAsync(o => o.ContestId == id && o.AnsweredAt == null, ct);

        return ContestSetupFacts.For(contest, now) with
        {
            ProposalsSubmitted = Count(ProposalStatus.Submitted, ProposalStatus.Returned, ProposalStatus.Accepted, ProposalStatus.Rejected),
            ProposalsAwaitingScreening = Count(ProposalStatus.Submitted, ProposalStatus.Returned),
            ProposalsAccepted = Count(ProposalStatus.Accepted),
            ProposalsWithoutSlot = withoutSlot,
            JudgeCount = judgeCount,
            ScoreSheetsOutstanding = expected - submitted,
            ScoreSheetsSubmitted = submitted,
            AwardsConfirmed = confirmed,
            OpenObjections = openObjections,
            NoticeEndsAt = contest.NoticeEndsAt,
        };
    }
}
