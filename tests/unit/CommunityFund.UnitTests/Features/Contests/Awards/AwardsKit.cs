using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Identity;
using DetailModel = CommunityFund.Web.Features.Contests.Setup.DetailModel;

namespace CommunityFund.UnitTests.Features.Contests.Awards;

/// <summary>
/// The hand-computed award example: budget ¥50,000; proposals requesting ¥30,000, ¥25,000 and ¥15,000, ranked 1, 2, 3
/// (no judge sheets or votes, so the earlier first submission ranks higher). Greedy: 30,000 fits (20,000 left),
/// 25,000 does not, 15,000 does (5,000 left).
/// </summary>
public sealed record AwardsWorld(ContestWorld World, Guid First, Guid Second, Guid Third)
{
    public static async Task<AwardsWorld> CreateAsync(SliceFixture f, ContestStage stage = ContestStage.ScoringClosed)
    {
        var w = await ContestWorld.CreateAsync(f, stage, budget: 50_000m, cap: 30_000m);
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        // Each sample budget has a ¥2,000 materials line besides the labour line.
        var first = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐", 280m, 100), firstSubmittedAt: start, runningOrder: 1);
        var second = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管", 230m, 100), firstSubmittedAt: start.AddMinutes(1), runningOrder: 2);
        var third = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("楼栋议事会", 130m, 100), firstSubmittedAt: start.AddMinutes(2), runningOrder: 3);
        return new AwardsWorld(w, first, second, third);
    }

    public Task<Guid> ProposeAsync(params ProposeModel.CutInput[] cuts) =>
        World.F.SendAsync(new ProposeModel.Propose { ContestId = World.ContestId, Cuts = [.. cuts] }, World.Secretary, World.Tenant);

    public Task<Guid> ConfirmAsync(Guid listId, AppUser? by = null, string note = "") =>
        World.F.SendAsync(new ConfirmModel.Confirm { ContestId = World.ContestId, AwardListId = listId, Note = note }, by ?? World.Committee, World.Tenant);

    /// <summary>Proposed by the secretary, confirmed by a committee member, published through the real stage move.</summary>
    public async Task<Guid> PublishAsync()
    {
        var list = await ProposeAsync();
        await ConfirmAsync(list);
        await World.F.SendAsync(new DetailModel.MoveStage { ContestId = World.ContestId, To = ContestStage.PublicNotice }, World.Secretary, World.Tenant);
        return list;
    }
}
