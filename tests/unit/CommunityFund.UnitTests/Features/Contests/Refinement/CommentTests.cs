using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Refinement;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Contests.Refinement;

/// <summary>一对一优化: threaded comments between mentors and the organisation, open in screening and refinement only.</summary>
public class CommentTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static CommentsModel.Post Post(Guid proposal, string body, Guid? parent = null) => new() { ProposalId = proposal, Body = body, ParentId = parent };

    private static Task<int> CommentCount(ContestWorld w) => w.ReadAsync(db => db.Set<ProposalComment>().CountAsync());

    [Fact]
    public async Task Mentors_and_the_organisation_talk_in_threads_with_replies_under_their_parents()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);

        var first = await f.SendAsync(Post(id, "预算中的劳务费请按小时单价重新测算。"), w.Secretary, w.Tenant);
        var answer = await f.SendAsync(Post(id, "  好的，已按每小时 50 元重新测算。 ", first), w.OrgMember, w.Tenant);
        await f.SendAsync(Post(id, "可以，请在下一版中体现。", answer), w.Committee, w.Tenant);
        await f.SendAsync(Post(id, "活动频次是否可以减少为每周三次？", first), w.Committee2, w.Tenant);
        var second = await f.SendAsync(Post(id, "受益人数请与名单一致。"), w.Committee, w.Tenant);

        var view = await f.SendAsync(new CommentsModel.Query { ProposalId = id }, w.OrgMember, w.Tenant);
        Assert.Equal(5, view.Count);
        Assert.True(view.MayPost);
        Assert.Equal([first, second], view.Threads.Select(t => t.Id)); // newest thread last
        var thread = view.Threads[0];
        Assert.Equal(CommentsModel.AuthorKind.Mentor, thread.Kind);
        Assert.Equal(["好的，已按每小时 50 元重新测算。", "活动频次是否可以减少为每周三次？"], thread.Replies.Select(r => r.Body));
        Assert.Equal(CommentsModel.AuthorKind.Organisation, thread.Replies[0].Kind);
        Assert.Equal("可以，请在下一版中体现。", Assert.Single(thread.Replies[0].Replies).Body);
        Assert.Empty(view.Threads[1].Replies);
        Assert.All(view.Threads, t => Assert.Equal("测试用户", t.Author));

        var stored = await w.ReadAsync(db => db.Set<ProposalComment>().AsNoTracking().SingleAsync(c => c.Id == answer));
        Assert.Equal((first, w.OrgMember.Id, 1, "好的，已按每小时 50 元重新测算。"), (stored.ParentId, stored.AuthorId, stored.OnVersion, stored.Body));
    }

    [Fact]
    public async Task A_reply_to_a_comment_of_another_proposal_is_refused()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var mine = await w.AddProposalAsync(ProposalStatus.Accepted);
        var theirs = await w.AddProposalAsync(ProposalStatus.Accepted, organisation: w.OtherOrganisation);
        var theirComment = await f.SendAsync(Post(theirs, "请补充合作方信息。"), w.Secretary, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Post(mine, "回复", theirComment), w.Secretary, w.Tenant));
        Assert.Contains("要回复的留言不在这份提案中", Assert.Single(ex.Errors).ErrorMessage);
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Post(mine, "回复", Guid.NewGuid()), w.OrgMember, w.Tenant));
        Assert.Contains("要回复的留言不在这份提案中", Assert.Single(unknown.Errors).ErrorMessage);
        Assert.Equal(1, await CommentCount(w));
    }

    [Fact]
    public async Task Judges_and_other_organisations_are_forbidden_and_auditors_only_read()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var judge = await w.AddJudgeAsync(); // on the panel: ProposalAccess would let them open an accepted proposal in refinement
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        await f.SendAsync(Post(id, "请补充风险预案。"), w.Secretary, w.Tenant);

        foreach (var who in new[] { judge, w.OtherOrgMember })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new CommentsModel.Query { ProposalId = id }, who, w.Tenant));
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Post(id, "我也说一句"), who, w.Tenant));
        }
        var audited = await f.SendAsync(new CommentsModel.Query { ProposalId = id }, w.Auditor, w.Tenant);
        Assert.False(audited.MayPost);
        Assert.Single(audited.Threads);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Post(id, "审计意见"), w.Auditor, w.Tenant));
        Assert.Equal(1, await CommentCount(w));
    }

    [Fact]
    public async Task A_judge_who_is_also_a_member_of_another_organisation_is_still_forbidden()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var judge = await w.AddJudgeAsync();
        await f.GrantAsync(w.Tenant, judge, CommunityFund.Web.Infrastructure.Identity.TenantRole.OrgMember);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new CommentsModel.Query { ProposalId = id }, judge, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Post(id, "评委不应留言"), judge, w.Tenant));
        Assert.Equal(0, await CommentCount(w));
    }

    [Theory]
    [InlineData(ContestStage.Collecting, "征集")]
    [InlineData(ContestStage.Roadshow, "路演评审")]
    [InlineData(ContestStage.Final, "已定案")]
    public async Task Comments_are_refused_outside_screening_and_refinement_and_stay_readable(ContestStage stage, string stageName)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var earlier = await f.SendAsync(Post(id, "初审期间的意见。"), w.Secretary, w.Tenant);
        await w.SetStageAsync(stage);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Post(id, "晚了", earlier), w.OrgMember, w.Tenant));
        var message = Assert.Single(ex.Errors).ErrorMessage;
        Assert.Contains("只有在初审和一对一优化阶段可以留言", message);
        Assert.Contains(stageName, message);
        var view = await f.SendAsync(new CommentsModel.Query { ProposalId = id }, w.OrgMember, w.Tenant);
        Assert.False(view.MayPost);
        Assert.False(view.IsOpen);
        Assert.Equal(earlier, Assert.Single(view.Threads).Id);
        Assert.Equal(1, await CommentCount(w));
    }

    [Theory]
    [InlineData("   ", "请填写留言内容")]
    [InlineData("long", "留言不能超过 2000 个字")]
    public async Task A_comment_needs_a_body_within_the_limit(string body, string message)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        if (body == "long") body = new string('字', ProposalComment.BodyMax + 1);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Post(id, body), w.OrgMember, w.Tenant));
        Assert.Contains(message, Assert.Single(ex.Errors, e => e.PropertyName == "Body").ErrorMessage);
        Assert.Equal(0, await CommentCount(w));
    }

    [Fact]
    public async Task Another_tenants_proposal_is_not_found()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var other = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        var theirs = await other.AddProposalAsync(ProposalStatus.Accepted);

        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new CommentsModel.Query { ProposalId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Post(theirs, "跨租户"), w.Secretary, w.Tenant));
        Assert.Equal(0, await CommentCount(other));
    }
}
