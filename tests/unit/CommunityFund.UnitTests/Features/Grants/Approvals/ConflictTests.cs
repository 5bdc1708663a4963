using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Infrastructure.Mediation;
using Conflicts = CommunityFund.Web.Features.Grants.Approvals.Conflicts.IndexModel;

namespace CommunityFund.UnitTests.Features.Grants.ApprovalTests;

/// <summary>The register of committee members' conflicts: who may record what, and that each pair is recorded once.</summary>
public class ConflictTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Conflicts.Record Record(Guid member, Guid organisation, string reason = "亲属在该组织任职。") =>
        new() { MemberId = member, OrganisationId = organisation, Reason = reason };

    private static string Message(ValidationException ex) => string.Join(" | ", ex.Errors.Select(e => e.ErrorMessage));

    [Fact]
    public async Task The_secretariat_records_a_members_conflict_once_and_the_list_shows_who_and_when()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        await f.SendAsync(Record(a.Committee.Id, a.Organisation), a.Secretary, a.Tenant);

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Record(a.Committee.Id, a.Organisation, "再次登记"), a.Secretary, a.Tenant));
        Assert.Contains("已登记", Message(duplicate));
        var conflicts = await a.World.ReadAsync(db => db.Set<CommitteeConflict>().AsNoTracking().ToListAsync());
        var c = Assert.Single(conflicts);
        Assert.Equal((a.Committee.Id, a.Organisation, a.Secretary.Id, "亲属在该组织任职。"), (c.MemberId, c.OrganisationId, c.RecordedBy, c.Reason));

        var list = await f.SendAsync(new Conflicts.Query(), a.World.Auditor, a.Tenant);
        var row = Assert.Single(list.Rows);
        Assert.Equal("石桥铺阳光社工服务中心", row.Organisation);
        Assert.False(list.CanRecord);
    }

    [Fact]
    public async Task A_committee_member_declares_only_their_own_conflict()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var own = await f.SendAsync(Record(a.Committee.Id, a.Organisation), a.Committee, a.Tenant);
        Assert.NotEqual(Guid.Empty, own);

        var forOther = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Record(a.Committee2.Id, a.Organisation), a.Committee, a.Tenant));
        Assert.Contains("只能申报本人", Message(forOther));
        var form = await f.SendAsync(new Conflicts.Query(), a.Committee, a.Tenant);
        Assert.Equal([a.Committee.Id], form.Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task Only_committee_members_have_conflicts_recorded_and_reasons_are_required()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var notCommittee = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Record(a.World.Auditor.Id, a.Organisation), a.Secretary, a.Tenant));
        Assert.Contains("不是本基金管委会委员", Message(notCommittee));
        var noReason = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Record(a.Committee.Id, a.Organisation, " "), a.Secretary, a.Tenant));
        Assert.Contains("请填写冲突原因", Message(noReason));
        var unknownOrganisation = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Record(a.Committee.Id, Guid.NewGuid()), a.Secretary, a.Tenant));
        Assert.Contains("请选择社会组织", Message(unknownOrganisation));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Record(a.Committee.Id, a.Organisation), a.World.Auditor, a.Tenant));
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<CommitteeConflict>().CountAsync()));
    }
}
