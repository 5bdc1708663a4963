using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Approvals.Requests;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Grants.ApprovalTests;

/// <summary>Maker-checker through the decide command (DESIGN §5, invariant 8).</summary>
public class DecideTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static string Message(ValidationException ex) => string.Join(" | ", ex.Errors.Select(e => e.ErrorMessage));

    [Fact]
    public async Task The_preparer_can_never_decide_their_own_request_even_as_a_committee_member()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(1_000m, preparer: a.Committee);

        var approve = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
        Assert.Contains("编制人不能审批自己编制的申请", Message(approve));
        var reject = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Reject(id, "不同意"), a.Committee));
        Assert.Contains("编制人不能审批自己编制的申请", Message(reject));
        Assert.Empty(await a.DecisionsAsync(id));
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(id)).Status);

        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee2)); // anyone else on the committee may
    }

    [Fact]
    public async Task A_member_with_a_recorded_conflict_cannot_decide_on_that_organisations_money_only()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        await a.ConflictAsync(a.Committee, a.Organisation);
        var conflicted = await a.RequestAsync(1_000m);
        var other = await a.RequestAsync(1_000m, organisation: a.World.OtherOrganisation);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(conflicted), a.Committee));
        Assert.Contains("利益冲突", Message(ex));
        await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Reject(conflicted, "不同意"), a.Committee));
        Assert.Empty(await a.DecisionsAsync(conflicted));

        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(other), a.Committee));
        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(conflicted), a.Committee2));
    }

    [Fact]
    public async Task Nobody_outside_the_committee_may_decide()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(1_000m, preparer: a.Committee);

        await Assert.ThrowsAsync<ForbiddenException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Secretary));
        await Assert.ThrowsAsync<ForbiddenException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.World.Auditor));
        await Assert.ThrowsAsync<ForbiddenException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.World.OrgMember));
        var stranger = await f.CreateUserAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => a.DecideAsync(ApprovalWorld.Approve(id), stranger));
        Assert.Empty(await a.DecisionsAsync(id));
    }

    [Theory]
    [InlineData("0.01", 1)]
    [InlineData("5000.00", 1)]
    [InlineData("5000.01", 2)]
    [InlineData("50000.00", 2)]
    public async Task Each_tier_needs_exactly_its_number_of_approvals(string amount, int needed)
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
        var request = await a.LoadAsync(id);
        Assert.Equal((needed, false), (request.RequiredApprovals, request.ChairRequired));

        var members = new[] { a.Committee, a.Committee2 };
        for (var i = 0; i < needed - 1; i++)
            Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), members[i]));
        Assert.Null((await a.LoadAsync(id)).DecidedAt);
        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(id, "同意"), members[needed - 1]));
        var approved = await a.LoadAsync(id);
        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        Assert.NotNull(approved.DecidedAt);
        Assert.Equal(needed, (await a.DecisionsAsync(id)).Count);

        // Decided: nobody else's vote is taken any more.
        var late = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Chair));
        Assert.Contains("不能再审批", Message(late));
    }

    [Fact]
    public async Task Above_fifty_thousand_two_ordinary_approvals_wait_for_the_chair()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(50_000.01m);
        Assert.True((await a.LoadAsync(id)).ChairRequired);

        Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
        Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee2));
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(id)).Status);
        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(id, "主任同意"), a.Chair));

        var decisions = await a.DecisionsAsync(id);
        Assert.Equal([false, false, true], decisions.Select(d => d.ApproverWasChair));
    }

    [Fact]
    public async Task The_chair_and_one_member_are_enough_above_fifty_thousand()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(80_000m);
        Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), a.Chair));
        Assert.Equal(ApprovalStatus.Approved, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
    }

    [Fact]
    public async Task A_rejection_needs_a_comment_and_ends_the_request()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(20_000m);
        Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));

        var bare = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Reject(id, "   "), a.Committee2));
        Assert.Equal("驳回时须填写意见。", Assert.Single(bare.Errors).ErrorMessage);
        Assert.Equal("Comment", bare.Errors.Single().PropertyName);
        Assert.Single(await a.DecisionsAsync(id));

        Assert.Equal(ApprovalStatus.Rejected, await a.DecideAsync(ApprovalWorld.Reject(id, "预算明细不清，请补充。"), a.Committee2));
        var rejected = await a.LoadAsync(id);
        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.NotNull(rejected.DecidedAt);
        Assert.Equal("预算明细不清，请补充。", (await a.DecisionsAsync(id)).Last().Comment);

        var after = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Chair));
        Assert.Contains("已驳回", Message(after));
    }

    [Fact]
    public async Task A_member_votes_once()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(5_000.01m);
        Assert.Equal(ApprovalStatus.Pending, await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));

        var again = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
        Assert.Contains("不能重复审批", Message(again));
        var changeOfMind = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Reject(id, "改为反对"), a.Committee));
        Assert.Contains("不能重复审批", Message(changeOfMind));
        Assert.Single(await a.DecisionsAsync(id));
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task The_database_refuses_a_second_decision_row_for_the_same_member()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(5_000.01m);
        await a.DecideAsync(ApprovalWorld.Approve(id), a.Committee);
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => a.World.ReadAsync(async db =>
        {
            db.Add(new ApprovalDecision { RequestId = id, ApproverId = a.Committee.Id, Approved = true, DecidedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(MySqlErrorCode.DuplicateKeyEntry, Assert.IsType<MySqlException>(ex.InnerException).ErrorCode);
    }

    [Fact]
    public async Task Decisions_are_append_only_in_the_application_and_in_the_database()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(5_000.01m);
        await a.DecideAsync(ApprovalWorld.Approve(id, "同意"), a.Committee);

        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => a.World.ReadAsync(async db =>
        {
            var d = await db.Set<ApprovalDecision>().SingleAsync(x => x.RequestId == id);
            d.Approved = false;
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => a.World.ReadAsync(async db =>
        {
            db.Remove(await db.Set<ApprovalDecision>().SingleAsync(x => x.RequestId == id));
            return await db.SaveChangesAsync();
        }));
        var update = await Assert.ThrowsAsync<MySqlException>(() =>
            f.Database.ScalarAsync($"UPDATE ApprovalDecisions SET Approved = 0, Comment = 'x' WHERE RequestId = '{id}'"));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAsync<MySqlException>(() => f.Database.ScalarAsync($"DELETE FROM ApprovalDecisions WHERE RequestId = '{id}'"));

        var kept = Assert.Single(await a.DecisionsAsync(id));
        Assert.Equal((true, "同意", a.Committee.Id), (kept.Approved, kept.Comment, kept.ApproverId));
    }

    [Fact]
    public async Task Every_decision_is_audited_with_the_request_and_the_vote_refusals_too()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(5_000.01m, preparer: a.Committee);
        await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
        await a.DecideAsync(ApprovalWorld.Approve(id, "同意"), a.Committee2);
        await a.DecideAsync(ApprovalWorld.Reject(id, "不同意"), a.Chair);

        var audit = await f.InTenantAsync(a.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Command.Contains("DetailModel+Decide")).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(3, audit.Count);
        Assert.Equal((AuditOutcome.Rejected, $"{id} approve", a.Committee.Id), (audit[0].Outcome, audit[0].Target, audit[0].UserId));
        Assert.Equal((AuditOutcome.Succeeded, $"{id} approve", a.Committee2.Id), (audit[1].Outcome, audit[1].Target, audit[1].UserId));
        Assert.Equal((AuditOutcome.Succeeded, $"{id} reject", a.Chair.Id), (audit[2].Outcome, audit[2].Target, audit[2].UserId));
    }

    [Fact]
    public async Task The_preparer_may_withdraw_a_pending_request_until_someone_decides()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var first = await a.RequestAsync(5_000.01m);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new DetailModel.Withdraw { RequestId = first }, a.Committee, a.Tenant));
        Assert.Equal(ApprovalStatus.Withdrawn, await f.SendAsync(new DetailModel.Withdraw { RequestId = first }, a.Secretary, a.Tenant));
        var withdrawn = await a.LoadAsync(first);
        Assert.Equal(ApprovalStatus.Withdrawn, withdrawn.Status);
        var late = await Assert.ThrowsAsync<ValidationException>(() => a.DecideAsync(ApprovalWorld.Approve(first), a.Committee));
        Assert.Contains("已撤回", Message(late));

        var second = await a.RequestAsync(5_000.01m);
        await a.DecideAsync(ApprovalWorld.Approve(second), a.Committee);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new DetailModel.Withdraw { RequestId = second }, a.Secretary, a.Tenant));
        Assert.Contains("不能撤回", Message(refused));
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(second)).Status);
    }

    [Fact]
    public async Task A_request_of_another_tenant_is_not_found()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var b = await ApprovalWorld.CreateAsync(f);
        var id = await b.RequestAsync(1_000m);
        await Assert.ThrowsAsync<NotFoundException>(() => a.DecideAsync(ApprovalWorld.Approve(id), a.Committee));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { RequestId = id }, a.Committee, a.Tenant));
        Assert.Empty(await b.DecisionsAsync(id));
    }
}
