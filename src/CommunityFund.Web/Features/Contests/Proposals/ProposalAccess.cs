using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>In what capacity the current user opens a proposal.</summary>
public enum ProposalViewer { Staff, Owner, Judge }

/// <summary>
/// The one place that decides who may open a proposal. Staff (secretariat, committee, auditors) see every proposal;
/// an organisation's members see their organisation's; a panel judge sees accepted proposals of their contest from the
/// roadshow on, unless a conflict with the proposal is recorded (then 403, DESIGN invariant 7). Another tenant's id
/// is simply not found: the tenant filter hides it.
/// </summary>
public static class ProposalAccess
{
    private static readonly TenantRole[] StaffRoles = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

    public static async Task<(Proposal Proposal, ProposalViewer Viewer)> OpenAsync(
        AppDbContext db, ICurrentUser user, Guid proposalId, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Set<Proposal>() : db.Set<Proposal>().AsNoTracking();
        var proposal = await query.SingleOrDefaultAsync(p => p.Id == proposalId, ct)
                       ?? throw new NotFoundException("No such proposal in this tenant.");
        var roles = await user.GetTenantRolesAsync(ct);
        if (StaffRoles.Any(roles.Contains)) return (proposal, ProposalViewer.Staff);
        var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
        if (roles.Contains(TenantRole.OrgMember) && await IsMemberAsync(db, me, proposal.OrganisationId, ct))
            return (proposal, ProposalViewer.Owner);
        if (roles.Contains(TenantRole.Judge))
        {
            await EnsureJudgeMayOpenAsync(db, me, proposal, ct);
            return (proposal, ProposalViewer.Judge);
        }
        throw new ForbiddenException("This proposal belongs to another organisation.");
    }

    public static Task<bool> IsMemberAsync(AppDbContext db, Guid userId, Guid organisationId, CancellationToken ct) =>
        db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == organisationId && m.UserId == userId, ct);

    public static Task<bool> IsConflictedAsync(AppDbContext db, Guid judgeId, Guid proposalId, CancellationToken ct) =>
        db.Set<ConflictDeclaration>().AnyAsync(c => c.ProposalId == proposalId && c.JudgeId == judgeId, ct);

    /// <summary>A judge opens (and scores) a proposal only if on its contest's panel, it is accepted, the roadshow has begun and no conflict is recorded.</summary>
    public static async Task EnsureJudgeMayOpenAsync(AppDbContext db, Guid judgeId, Proposal proposal, CancellationToken ct)
    {
        var onPanel = await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == proposal.ContestId && j.JudgeId == judgeId, ct);
        if (!onPanel) throw new ForbiddenException("Only judges on this contest's panel open its proposals.");
        if (await IsConflictedAsync(db, judgeId, proposal.Id, ct))
            throw new ForbiddenException("A conflict of interest with this proposal is recorded: the judge may not open or score it.");
        var stage = await db.Set<Setup.Contest>().Where(c => c.Id == proposal.ContestId).Select(c => c.Stage).SingleAsync(ct);
        if (proposal.Status != ProposalStatus.Accepted || stage < ContestStage.Refining)
            throw new ForbiddenException("Judges see accepted proposals once refinement has started.");
    }
}
