using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Migrations;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;

namespace CommunityFund.UnitTests.Features.Contests.Demo;

/// <summary>The demo contests of shipingqiao: two rounds, 57 proposals over six themes, ≥ 5 judges, 23 awards that the ranking code reproduces.</summary>
public class DemoContestTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Two_rounds_hold_57_proposals_and_23_awards_that_follow_from_the_scores()
    {
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null);
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null); // idempotent
        var tenant = await f.InTenantAsync(null, async sp =>
            (await sp.GetRequiredService<CatalogDbContext>().Tenants.SingleAsync(t => t.Identifier == "shipingqiao")).ToInfo());
        await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contests = await db.Set<Contest>().OrderBy(c => c.CollectOpens).ToListAsync();
            Assert.Equal([ContestStage.Final, ContestStage.PublicNotice], contests.Select(c => c.Stage));
            var proposals = await db.Set<Proposal>().ToListAsync();
            Assert.Equal(57, proposals.Count);
            Assert.Equal(ContestThemes.All.Order(), proposals.Select(p => p.Category).Distinct().Order());
            Assert.True(await db.Set<ContestJudge>().Select(j => j.JudgeId).Distinct().CountAsync() >= 5);
            Assert.True(await db.Set<ProposalVersion>().CountAsync() > 57); // some were resubmitted against a fix list

            var awarded = 0;
            foreach (var contest in contests)
            {
                var list = await db.Set<AwardList>().SingleAsync(l => l.ContestId == contest.Id && l.Status == AwardListStatus.Confirmed);
                Assert.NotEqual(list.PreparedBy, list.ConfirmedBy);
                var items = await db.Set<AwardItem>().Where(i => i.AwardListId == list.Id).OrderBy(i => i.Rank).ToListAsync();
                // The stored ranking is what the aggregation computes from the stored sheets, conflicts and votes today.
                var loaded = await ContestResultsLoader.LoadAsync(db, contest.Id, default);
                Assert.Equal(loaded.Results.Ranking.Select(r => (r.ProposalId, r.FinalScore)), items.Select(i => (i.ProposalId, i.FinalScore)));
                Assert.True(items.Sum(i => i.Amount) <= contest.TotalBudget);
                Assert.All(items, i => Assert.True(i.Amount <= i.Requested));
                awarded += items.Count(i => i.Amount > 0);
                // One declared conflict per round: that judge has no sheet on that proposal.
                var conflict = await db.Set<ConflictDeclaration>().SingleAsync(c => c.ContestId == contest.Id);
                Assert.DoesNotContain(loaded.Sheets, s => s.JudgeId == conflict.JudgeId && s.ProposalId == conflict.ProposalId);
                Assert.Contains(loaded.Sheets, s => s.JudgeId == conflict.JudgeId);
            }
            Assert.Equal(23, awarded);
            return 0;
        });
    }
}
