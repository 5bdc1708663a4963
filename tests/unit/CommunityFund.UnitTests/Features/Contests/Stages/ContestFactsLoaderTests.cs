using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;

namespace CommunityFund.UnitTests.Features.Contests.Stages;

/// <summary>The stage guards read real counts: proposals by status, slots, judges, expected and submitted sheets less conflicts.</summary>
public class ContestFactsLoaderTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Counts_come_from_the_contest_rows_and_conflicted_pairs_are_not_expected()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, runningOrder: 1);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted);
        await w.AddProposalAsync(ProposalStatus.Submitted);
        await w.AddProposalAsync(ProposalStatus.Returned);
        await w.AddProposalAsync(ProposalStatus.Rejected);
        await w.AddProposalAsync(ProposalStatus.Draft);
        var j1 = await w.AddJudgeAsync();
        var j2 = await w.AddJudgeAsync();
        await w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new ConflictDeclaration { ContestId = w.ContestId, ProposalId = b, JudgeId = j2.Id, Source = ConflictSource.DeclaredByJudge, Reason = "亲属", RecordedBy = j2.Id, RecordedAt = DateTimeOffset.UtcNow });
            db.Add(new ScoreSheet { ContestId = w.ContestId, ProposalId = a, JudgeId = j1.Id, Status = SheetStatus.Submitted, UpdatedAt = DateTimeOffset.UtcNow });
            db.Add(new ScoreSheet { ContestId = w.ContestId, ProposalId = b, JudgeId = j2.Id, Status = SheetStatus.Submitted, UpdatedAt = DateTimeOffset.UtcNow });
            db.Add(new ScoreSheet { ContestId = w.ContestId, ProposalId = b, JudgeId = j1.Id, Status = SheetStatus.Draft, UpdatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        var facts = await w.ReadAsync(async db =>
            await ContestFactsLoader.LoadAsync(db, await db.Set<Contest>().SingleAsync(), DateTimeOffset.UtcNow, default));

        Assert.Equal(5, facts.ProposalsSubmitted);
        Assert.Equal(2, facts.ProposalsAwaitingScreening);
        Assert.Equal(2, facts.ProposalsAccepted);
        Assert.Equal(1, facts.ProposalsWithoutSlot);
        Assert.Equal(2, facts.JudgeCount);
        // 2 judges × 2 accepted − 1 conflicted pair = 3 expected; only j1 on a is submitted and counts (j2 on b is conflicted).
        Assert.Equal(1, facts.ScoreSheetsSubmitted);
        Assert.Equal(2, facts.ScoreSheetsOutstanding);
        Assert.False(facts.AwardsConfirmed);
        Assert.Equal(StageRefusal.ScoreSheetsOutstanding, ContestStageTransitions.Check(ContestStage.Roadshow, ContestStage.ScoringClosed, facts).Reason);
    }
}
