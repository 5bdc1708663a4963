using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// A grant made outside a contest waits for the committee (maker-checker, invariant 8): approved → the project is
/// Approved; rejected → Terminated, with the committee's comment as the reason. Runs in the deciding vote's transaction.
/// </summary>
public sealed class GrantOutcome(AppDbContext db, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.Grant;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var project = await PendingAsync(request, ct);
        if (project is null) return;
        project.Status = ProjectStatus.Approved;
        project.StatusReason = null;
        project.Version++;
    }

    public async Task RejectedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var project = await PendingAsync(request, ct);
        if (project is null) return;
        // The decision being recorded may not be saved yet: look in the change tracker as well as the table.
        var comments = db.Set<ApprovalDecision>().Local.Where(d => d.RequestId == request.Id && !d.Approved).OrderBy(d => d.DecidedAt).Select(d => d.Comment).ToList();
        comments.AddRange(await db.Set<ApprovalDecision>().AsNoTracking().Where(d => d.RequestId == request.Id && !d.Approved)
            .OrderBy(d => d.DecidedAt).Select(d => d.Comment).ToListAsync(ct));
        var comment = comments.Select(c => c.Trim()).FirstOrDefault(c => c.Length > 0);
        string reason;
        using (Cultures.Use(Cultures.Chinese))
            reason = comment is null ? t["Outcome.GrantRejected"].Value : t["Outcome.GrantRejectedBecause", comment].Value;
        project.Status = ProjectStatus.Terminated;
        project.StatusReason = reason.Length > Project.ReasonMax ? reason[..Project.ReasonMax] : reason;
        project.Version++;
    }

    /// <summary>The project still waiting for this request; a project terminated meanwhile stays as it is.</summary>
    private async Task<Project?> PendingAsync(ApprovalRequest request, CancellationToken ct)
    {
        await ProjectAccess.LockAsync(db, tenant, request.SubjectId, ct);
        var project = await db.Set<Project>().SingleOrDefaultAsync(p => p.Id == request.SubjectId, ct);
        return project?.Status == ProjectStatus.PendingApproval ? project : null;
    }
}

/// <summary>
/// A tranche payment request decided by the committee: approved → the tranche may be paid; rejected → it shows as
/// Rejected and can be planned and requested again. Runs in the deciding vote's transaction.
/// </summary>
public sealed class TranchePaymentOutcome(AppDbContext db, ITenantContext tenant, Handoffs handoffs) : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.TranchePayment;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var tranche = await RequestedAsync(request, ct);
        if (tranche is null) return;
        tranche.Status = TrancheStatus.Approved;
        tranche.Version++;
        // Approved money is paid within the tenant's time limit for payments.
        var project = await db.Set<Project>().AsNoTracking().Where(p => p.Id == tranche.ProjectId).Select(p => new { p.Number, p.Title }).SingleAsync(ct);
        await handoffs.OpenStepAsync(TimedStep.Payment, tranche.Id, $"{Handoffs.Name(project.Number, project.Title)} · {tranche.Sequence}",
            $"/projects/{tranche.ProjectId}/tranches/{tranche.Id}/pay", TenantRole.Secretariat, ct);
    }

    public async Task RejectedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var tranche = await RequestedAsync(request, ct);
        if (tranche is null) return;
        tranche.Status = TrancheStatus.Rejected;
        tranche.Version++;
    }

    /// <summary>The tranche still waiting on exactly this request (a withdrawn or superseded request changes nothing).</summary>
    private async Task<Tranche?> RequestedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var projectId = await db.Set<Tranche>().Where(x => x.Id == request.SubjectId).Select(x => (Guid?)x.ProjectId).SingleOrDefaultAsync(ct);
        if (projectId is null) return null;
        await ProjectAccess.LockAsync(db, tenant, projectId.Value, ct);
        var tranche = await db.Set<Tranche>().SingleAsync(x => x.Id == request.SubjectId, ct);
        return tranche.Status == TrancheStatus.Requested && tranche.ApprovalRequestId == request.Id ? tranche : null;
    }
}
