using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Contests.Setup;

public class ContestCopyTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task A_copy_is_a_new_draft_with_the_whole_setup_and_dates_a_year_later_and_no_proposals()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Final);
        await w.AddProposalAsync(ProposalStatus.Accepted);
        var copyId = await f.SendAsync(new CopyModel.Command { ContestId = w.ContestId, Title = "第二轮社区公益提案大赛" }, w.Secretary, w.Tenant);

        var (source, copy, proposals) = await w.ReadAsync(async db =>
        {
            var s = await db.Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == w.ContestId);
            var c = await db.Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == copyId);
            return (s, c, await db.Set<Proposal>().CountAsync(p => p.ContestId == copyId));
        });
        Assert.Equal(ContestStage.Draft, copy.Stage);
        Assert.Equal("第二轮社区公益提案大赛", copy.Title);
        Assert.Equal(w.ContestId, copy.CopiedFromId);
        Assert.Equal(source.RubricJson, copy.RubricJson);
        Assert.Equal((source.TotalBudget, source.PerProjectCap, source.PayingFundId, source.Categories), (copy.TotalBudget, copy.PerProjectCap, copy.PayingFundId, copy.Categories));
        Assert.Equal((source.ExpertWeight, source.ResidentWeight, source.TrimWhenAtLeast, source.ResidentVoteLimit, source.NoticeDays),
            (copy.ExpertWeight, copy.ResidentWeight, copy.TrimWhenAtLeast, copy.ResidentVoteLimit, copy.NoticeDays));
        Assert.Equal(source.CollectCloses.AddYears(1), copy.CollectCloses);
        Assert.Equal(source.ScoringCloses.AddYears(1), copy.ScoringCloses);
        Assert.Equal(0, copy.ProposalSeq);
        Assert.Equal(0, proposals);
    }

    [Fact]
    public async Task Only_the_secretariat_copies_and_a_blank_title_is_refused()
    {
        var w = await ContestWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new CopyModel.Command { ContestId = w.ContestId, Title = "x" }, w.Committee, w.Tenant));
        var ex = await UiCulture.InAsync("zh-CN", () => Assert.ThrowsAsync<ValidationException>(
            () => f.SendAsync(new CopyModel.Command { ContestId = w.ContestId, Title = " " }, w.Secretary, w.Tenant)));
        Assert.Contains(ex.Errors, e => e.PropertyName == "Title" && e.ErrorMessage == "请填写大赛名称。");
        Assert.Equal(1, await w.ReadAsync(db => db.Set<Contest>().CountAsync()));
    }
}
