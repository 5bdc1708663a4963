namespace CommunityFund.Web.Kernel.Approvals;

/// <summary>A committee member as the pickers show them.</summary>
public sealed record CommitteeMember(Guid UserId, string Name);

/// <summary>
/// Who may decide a request, read from the database the same way by the decide command, the inbox and the detail page,
/// so what the page offers and what the command accepts never disagree.
/// </summary>
public static class ApprovalAccess
{
    /// <summary>The members holding the Committee role in the current tenant, by name.</summary>
    public static async Task<IReadOnlyList<CommitteeMember>> CommitteeAsync(AppDbContext db, CatalogDbContext catalog, CancellationToken ct)
    {
        var ids = await db.Set<TenantMembership>().Where(m => m.Role == TenantRole.Committee).Select(m => m.UserId).Distinct().ToListAsync(ct);
        var names = await People.NamesAsync(catalog, ids, ct);
        return ids.Select(id => new CommitteeMember(id, names.GetValueOrDefault(id, "?")))
            .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.UserId).ToList();
    }

    public static Task<bool> IsCommitteeAsync(AppDbContext db, Guid userId, CancellationToken ct) =>
        db.Set<TenantMembership>().AnyAsync(m => m.UserId == userId && m.Role == TenantRole.Committee, ct);

    /// <summary>The members with a recorded conflict with the request's organisation (none for fund transfers).</summary>
    public static async Task<IReadOnlySet<Guid>> ConflictedAsync(AppDbContext db, Guid? organisationId, CancellationToken ct) =>
        organisationId is { } org
            ? (await db.Set<CommitteeConflict>().Where(c => c.OrganisationId == org).Select(c => c.MemberId).ToListAsync(ct)).ToHashSet()
            : new HashSet<Guid>();

    /// <summary>Why <paramref name="me"/> may not decide <paramref name="request"/> (maker-checker), or <see cref="ApprovalRefusal.None"/>.</summary>
    public static async Task<ApprovalRefusal> RefusalAsync(AppDbContext db, ApprovalRequest request, Guid me, bool isCommittee, CancellationToken ct)
    {
        var conflicted = await ConflictedAsync(db, request.OrganisationId, ct);
        var decided = await db.Set<ApprovalDecision>().Where(d => d.RequestId == request.Id).Select(d => d.ApproverId).ToListAsync(ct);
        return MakerChecker.MayApprove(me, isCommittee, request.PreparedBy, conflicted, decided);
    }

    public static string RefusalMessage(IStringLocalizer<GrantsApprovalResource> t, ApprovalRefusal refusal) => refusal switch
    {
        ApprovalRefusal.PreparerCannotApprove => t["Decide.Preparer"],
        ApprovalRefusal.ConflictedCannotApprove => t["Decide.Conflicted"],
        ApprovalRefusal.NotCommittee => t["Decide.NotCommittee"],
        ApprovalRefusal.AlreadyDecided => t["Decide.AlreadyDecided"],
        _ => "",
    };

    /// <summary>
    /// Takes the request's row lock for the rest of the transaction: two members deciding at once are served one after
    /// the other, and the second reads the first one's committed result. Called first in a command, before any read.
    /// </summary>
    public static Task LockAsync(AppDbContext db, Guid requestId, CancellationToken ct)
    {
        var tenantId = (db.CurrentTenantId ?? throw new TenantMismatchException("No tenant.")).ToString();
        return db.Database.ExecuteSqlAsync($"SELECT Id FROM ApprovalRequests WHERE TenantId = {tenantId} AND Id = {requestId.ToString()} FOR UPDATE", ct);
    }

    /// <summary>"需 2 人审批（含主任）".</summary>
    public static string Requirement(IStringLocalizer<GrantsApprovalResource> t, int approvals, bool chairRequired) =>
        chairRequired ? t["Requirement.WithChair", approvals] : t["Requirement.Plain", approvals];
}
