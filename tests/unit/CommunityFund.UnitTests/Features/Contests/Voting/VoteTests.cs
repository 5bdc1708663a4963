using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Contests.Voting;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Contests.Voting;

/// <summary>The resident vote's rules, through the real pipeline on MariaDB: one ballot, 1..K accepted proposals, roadshow only.</summary>
public class VoteTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private sealed record Ballot(ContestWorld World, AppUser Resident, Guid[] Proposals);

    /// <summary>A contest at the roadshow with four accepted proposals in running order, and a resident (no tenant role).</summary>
    private async Task<Ballot> RoadshowAsync(ContestStage stage = ContestStage.Roadshow)
    {
        var w = await ContestWorld.CreateAsync(f, stage);
        var ids = new Guid[4];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("提案" + (i + 1)), runningOrder: i + 1);
        var resident = await f.CreateUserAsync();
        return new Ballot(w, resident, ids);
    }

    private static VoteModel.Cast Cast(ContestWorld w, params Guid[] ids) => new() { ContestId = w.ContestId, ProposalIds = [.. ids] };

    private static Task<(int Ballots, int Votes)> StoredAsync(ContestWorld w) =>
        w.ReadAsync(async db => (await db.Set<ResidentBallot>().CountAsync(), await db.Set<ResidentVote>().CountAsync()));

    private async Task<string> RefusedAsync(Ballot b, params Guid[] ids)
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Cast(b.World, ids), b.Resident, b.World.Tenant));
        return Assert.Single(ex.Errors).ErrorMessage;
    }

    [Fact]
    public async Task An_account_whose_email_is_not_confirmed_cannot_vote_until_it_is()
    {
        var b = await RoadshowAsync();
        var unconfirmed = await f.CreateUserAsync(emailConfirmed: false);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Cast(b.World, b.Proposals[0]), unconfirmed, b.World.Tenant));
        Assert.Equal("请先验证邮箱：投票只计入已验证邮箱的居民账号。", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal((0, 0), await StoredAsync(b.World));
        Assert.False((await f.SendAsync(new VoteModel.Query { ContestId = b.World.ContestId }, unconfirmed, b.World.Tenant)).EmailConfirmed);

        var code = await f.InScopeAsync(null, null, async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Web.Infrastructure.Identity.AppUser>>();
            return await users.GenerateEmailConfirmationTokenAsync((await users.FindByIdAsync(unconfirmed.Id.ToString()))!);
        });
        Assert.False(await f.SendAsync(new Web.Features.Account.ConfirmEmailModel.Command { UserId = unconfirmed.Id, Code = code + "x" }, null, null));
        Assert.True(await f.SendAsync(new Web.Features.Account.ConfirmEmailModel.Command { UserId = unconfirmed.Id, Code = code }, null, null));
        await f.SendAsync(Cast(b.World, b.Proposals[0]), unconfirmed, b.World.Tenant);
        Assert.Equal((1, 1), await StoredAsync(b.World));
    }

    [Fact]
    public async Task A_resident_votes_for_up_to_K_accepted_proposals_and_the_votes_are_stored()
    {
        var b = await RoadshowAsync();
        var ballotId = await f.SendAsync(Cast(b.World, b.Proposals[0], b.Proposals[2]), b.Resident, b.World.Tenant);

        var stored = await b.World.ReadAsync(db => db.Set<ResidentBallot>().SingleAsync());
        Assert.Equal((ballotId, b.Resident.Id, b.World.ContestId), (stored.Id, stored.ResidentId, stored.ContestId));
        var votes = await b.World.ReadAsync(db => db.Set<ResidentVote>().Where(v => v.BallotId == ballotId).Select(v => v.ProposalId).ToListAsync());
        Assert.Equal(new[] { b.Proposals[0], b.Proposals[2] }.Order(), votes.Order());

        var view = await f.SendAsync(new VoteModel.Query { ContestId = b.World.ContestId }, b.Resident, b.World.Tenant);
        Assert.NotNull(view.VotedAt);
        Assert.Equal(["提案1", "提案3"], view.MyChoices.Select(c => c.Title));
    }

    [Theory]
    [InlineData(ContestStage.Refining, "投票尚未开始")]
    [InlineData(ContestStage.ScoringClosed, "投票已结束")]
    [InlineData(ContestStage.PublicNotice, "投票已结束")]
    public async Task Voting_outside_the_roadshow_is_refused_and_saves_nothing(ContestStage stage, string message)
    {
        var b = await RoadshowAsync(stage);
        Assert.Contains(message, await RefusedAsync(b, b.Proposals[0]));
        Assert.Equal((0, 0), await StoredAsync(b.World));
        var view = await f.SendAsync(new VoteModel.Query { ContestId = b.World.ContestId }, b.Resident, b.World.Tenant);
        Assert.Empty(view.Choices); // the page shows the friendly "not open / over" panel instead of the list
    }

    [Fact]
    public async Task A_second_ballot_of_the_same_resident_is_refused_and_the_first_stands()
    {
        var b = await RoadshowAsync();
        await f.SendAsync(Cast(b.World, b.Proposals[0]), b.Resident, b.World.Tenant);

        Assert.Contains("已经在本次大赛中投过票", await RefusedAsync(b, b.Proposals[1], b.Proposals[2]));
        Assert.Equal((1, 1), await StoredAsync(b.World));
    }

    [Fact]
    public async Task Two_concurrent_ballots_of_one_resident_store_exactly_one()
    {
        var b = await RoadshowAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Capture(() =>
            f.SendAsync(Cast(b.World, b.Proposals[i]), b.Resident, b.World.Tenant))));

        Assert.Single(attempts, a => a is null);
        var refusal = Assert.IsType<ValidationException>(Assert.Single(attempts, a => a is not null));
        Assert.Contains("已经在本次大赛中投过票", Assert.Single(refusal.Errors).ErrorMessage);
        Assert.Equal((1, 1), await StoredAsync(b.World));
    }

    [Fact]
    public async Task A_ballot_racing_an_uncommitted_one_waits_on_the_unique_index_and_is_refused_with_the_same_message()
    {
        var b = await RoadshowAsync();
        // Another request's ballot, inserted but not yet committed: invisible to the command's "already voted?" check.
        await using var other = new MySqlConnection(f.Database.ConnectionString);
        await other.OpenAsync();
        await using var tx = await other.BeginTransactionAsync();
        await using (var insert = new MySqlCommand(
            "INSERT INTO ResidentBallots (Id, TenantId, ContestId, ResidentId, CastAt) VALUES (@id, @t, @c, @r, UTC_TIMESTAMP(6))", other, tx))
        {
            insert.Parameters.AddWithValue("@id", Guid.NewGuid().ToString());
            insert.Parameters.AddWithValue("@t", b.World.Tenant.Id.ToString());
            insert.Parameters.AddWithValue("@c", b.World.ContestId.ToString());
            insert.Parameters.AddWithValue("@r", b.Resident.Id.ToString());
            await insert.ExecuteNonQueryAsync();
        }

        var racing = Capture(() => f.SendAsync(Cast(b.World, b.Proposals[1]), b.Resident, b.World.Tenant));
        await Task.Delay(1500);
        Assert.False(racing.IsCompleted); // blocked on the other transaction's key
        await tx.CommitAsync();

        var refusal = Assert.IsType<ValidationException>(await racing);
        Assert.Contains("已经在本次大赛中投过票", Assert.Single(refusal.Errors).ErrorMessage);
        Assert.Equal((1, 0), await StoredAsync(b.World)); // only the other ballot; none of this one's votes
    }

    [Fact]
    public async Task More_than_K_choices_are_refused_and_nothing_is_saved()
    {
        var b = await RoadshowAsync();
        Assert.Equal(3, await b.World.ReadAsync(db => db.Set<Contest>().Select(c => c.ResidentVoteLimit).SingleAsync()));

        Assert.Contains("最多只能选 3 个提案", await RefusedAsync(b, b.Proposals));
        Assert.Contains("至少选择一个提案", await RefusedAsync(b));
        Assert.Contains("只能选一次", await RefusedAsync(b, b.Proposals[0], b.Proposals[0]));
        Assert.Equal((0, 0), await StoredAsync(b.World));
        // Exactly K is fine.
        await f.SendAsync(Cast(b.World, b.Proposals[..3]), b.Resident, b.World.Tenant);
        Assert.Equal((1, 3), await StoredAsync(b.World));
    }

    [Fact]
    public async Task A_proposal_of_another_contest_or_one_not_accepted_is_refused_and_nothing_is_saved()
    {
        var b = await RoadshowAsync();
        var submitted = await b.World.AddProposalAsync(ProposalStatus.Submitted, ContestWorld.SampleContent("未受理的提案"));
        var rejected = await b.World.AddProposalAsync(ProposalStatus.Rejected, ContestWorld.SampleContent("未通过的提案"));
        var elsewhere = await AcceptedProposalOfAnotherContestAsync(b.World);

        Assert.Contains("不在本次投票名单中", await RefusedAsync(b, b.Proposals[0], submitted));
        Assert.Contains("不在本次投票名单中", await RefusedAsync(b, rejected));
        Assert.Contains("不在本次投票名单中", await RefusedAsync(b, b.Proposals[0], elsewhere));
        Assert.Contains("不在本次投票名单中", await RefusedAsync(b, Guid.NewGuid()));
        Assert.Equal((0, 0), await StoredAsync(b.World));

        var choices = (await f.SendAsync(new VoteModel.Query { ContestId = b.World.ContestId }, b.Resident, b.World.Tenant)).Choices;
        Assert.Equal(b.Proposals, choices.Select(c => c.Id)); // accepted ones only, in running order
        Assert.Equal("辖区双职工和困境家庭儿童放学后无人看护。", choices[0].Need);
    }

    [Fact]
    public async Task Voting_needs_a_signed_in_account_and_an_unknown_contest_is_not_found()
    {
        var b = await RoadshowAsync();
        await Assert.ThrowsAsync<CommunityFund.Web.Infrastructure.Mediation.ForbiddenException>(() => f.SendAsync(Cast(b.World, b.Proposals[0]), null, b.World.Tenant));
        await Assert.ThrowsAsync<CommunityFund.Web.Infrastructure.Mediation.NotFoundException>(() =>
            f.SendAsync(new VoteModel.Cast { ContestId = Guid.NewGuid(), ProposalIds = [b.Proposals[0]] }, b.Resident, b.World.Tenant));
        Assert.Equal((0, 0), await StoredAsync(b.World));
    }

    /// <summary>A second contest in the same tenant, at the roadshow too, with one accepted proposal.</summary>
    private async Task<Guid> AcceptedProposalOfAnotherContestAsync(ContestWorld w)
    {
        return await f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var first = await db.Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == w.ContestId);
            var other = new Contest
            {
                Title = "另一轮大赛", Categories = first.Categories, TotalBudget = first.TotalBudget, PerProjectCap = first.PerProjectCap,
                PayingFundId = first.PayingFundId, Stage = ContestStage.Roadshow, CollectOpens = first.CollectOpens, CollectCloses = first.CollectCloses,
                RefineUntil = first.RefineUntil, RoadshowDate = first.RoadshowDate, ScoringCloses = first.ScoringCloses, NoticeDays = 7,
                ExpertWeight = 80, ResidentWeight = 20, RubricJson = first.RubricJson, ProposalSeq = 1, CreatedBy = w.Secretary.Id, CreatedAt = DateTimeOffset.UtcNow,
            };
            var p = new Proposal
            {
                ContestId = other.Id, OrganisationId = w.Organisation, Number = 1, Status = ProposalStatus.Accepted, Channel = ProposalChannel.Online,
                CreatedBy = w.OrgMember.Id, CreatedAt = DateTimeOffset.UtcNow, RunningOrder = 1,
            };
            p.SetDraft(ContestWorld.SampleContent("别的大赛的提案"));
            db.AddRange(other, p);
            await db.SaveChangesAsync();
            return p.Id;
        });
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception ex) { return ex; }
    }
}
