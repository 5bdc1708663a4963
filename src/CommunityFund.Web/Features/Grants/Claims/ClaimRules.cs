using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Anchor type for the claim strings in Resources/Features.Grants.Claims.ClaimResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ClaimResource;

public static class ClaimSource
{
    public const string Type = "Claim";
}

/// <summary>The committee's decision on a claim payment: approved → the claim may be settled; rejected → Rejected. Runs in the deciding vote's transaction.</summary>
public sealed class ClaimPaymentOutcome(AppDbContext db, ITenantContext tenant, Handoffs handoffs, IStringLocalizer<ClaimResource> t) : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.ClaimPayment;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var claim = await AwaitingAsync(request, ct);
        if (claim is null) return;
        claim.Status = ClaimStatus.Approved;
        claim.Version++;
        // Approved money is paid (or the advance written off) within the tenant's time limit for payments.
        var project = await db.Set<Project>().AsNoTracking().Where(p => p.Id == claim.ProjectId).Select(p => new { p.Number, p.Title }).SingleAsync(ct);
        await handoffs.OpenStepAsync(TimedStep.Payment, claim.Id, $"#{claim.Number} · {Handoffs.Name(project.Number, project.Title)}", "/claims/" + claim.Id,
            TenantRole.Secretariat, ct);
    }

    public async Task RejectedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var claim = await AwaitingAsync(request, ct);
        if (claim is null) return;
        claim.Status = ClaimStatus.Rejected;
        using (Cultures.Use(Cultures.Chinese)) claim.RejectionReason = t["Outcome.CommitteeRejected"].Value;
        claim.Version++;
    }

    /// <summary>The secretariat took the request back: the claim returns to Submitted so it can be reviewed again.</summary>
    public async Task WithdrawnAsync(ApprovalRequest request, CancellationToken ct)
    {
        var claim = await AwaitingAsync(request, ct);
        if (claim is null) return;
        claim.Status = ClaimStatus.Submitted;
        claim.ApprovalRequestId = null;
        claim.Version++;
    }

    private async Task<ExpenseClaim?> AwaitingAsync(ApprovalRequest request, CancellationToken ct)
    {
        await ClaimRules.LockProjectOfClaimAsync(db, tenant, request.SubjectId, ct);
        var claim = await db.Set<ExpenseClaim>().SingleOrDefaultAsync(c => c.Id == request.SubjectId, ct);
        return claim?.Status == ClaimStatus.AwaitingApproval && claim.ApprovalRequestId == request.Id ? claim : null;
    }
}

/// <summary>Who may do what with a project's claims, and the money sums the checks and the budget page share.</summary>
public static class ClaimRules
{
    public static readonly ClaimStatus[] PendingStatuses = [ClaimStatus.Submitted, ClaimStatus.AwaitingApproval, ClaimStatus.Approved];
    public static readonly ProjectStatus[] OpenProjectStatuses = [ProjectStatus.AgreementSigned, ProjectStatus.InProgress, ProjectStatus.FinalReport];

    public static bool Editable(ClaimStatus s) => s is ClaimStatus.Draft or ClaimStatus.Returned;

    public static async Task<bool> IsSecretariatAsync(ICurrentUser user, CancellationToken ct) =>
        (await user.GetTenantRolesAsync(ct)).Contains(TenantRole.Secretariat);

    public static async Task<bool> IsMemberAsync(AppDbContext db, ICurrentUser user, Project project, CancellationToken ct)
    {
        var me = user.UserId;
        return me is not null && await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == project.OrganisationId && m.UserId == me, ct);
    }

    /// <summary>The project as the current user may file claims on it: its organisation's members and the secretariat; 404 other tenants, 403 others.</summary>
    public static async Task<Project> OpenForFilingAsync(AppDbContext db, ICurrentUser user, Guid projectId, CancellationToken ct)
    {
        var project = await ProjectAccess.OpenAsync(db, user, projectId, ct);
        if (await IsMemberAsync(db, user, project, ct) || await IsSecretariatAsync(user, ct)) return project;
        throw new ForbiddenException("Only the organisation and the secretariat file claims.");
    }

    /// <summary>The claim and its project, as the current user may read them.</summary>
    public static async Task<(ExpenseClaim Claim, Project Project)> OpenAsync(AppDbContext db, ICurrentUser user, Guid claimId, CancellationToken ct)
    {
        var claim = await db.Set<ExpenseClaim>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == claimId, ct)
                    ?? throw new NotFoundException("No such claim in this tenant.");
        var project = await ProjectAccess.OpenAsync(db, user, claim.ProjectId, ct);
        return (claim, project);
    }

    /// <summary>Per budget line: settled (spent) and pending (claims under way, other than <paramref name="exceptClaim"/>).</summary>
    public static async Task<Dictionary<Guid, (decimal Spent, decimal Pending)>> UsageAsync(AppDbContext db, Guid projectId, Guid? exceptClaim, CancellationToken ct)
    {
        var rows = await (from l in db.Set<ExpenseClaimLine>()
                          join c in db.Set<ExpenseClaim>() on l.ClaimId equals c.Id
                          where c.ProjectId == projectId && c.Id != exceptClaim
                                && (c.Status == ClaimStatus.Settled || PendingStatuses.Contains(c.Status))
                          select new { l.BudgetLineId, l.Amount, Settled = c.Status == ClaimStatus.Settled }).ToListAsync(ct);
        return rows.GroupBy(r => r.BudgetLineId).ToDictionary(g => g.Key,
            g => (g.Where(r => r.Settled).Sum(r => r.Amount), g.Where(r => !r.Settled).Sum(r => r.Amount)));
    }

    /// <summary>Takes the row lock of the claim's project (a locking read: no snapshot is taken before it). Nothing is locked for an unknown claim.</summary>
    public static Task LockProjectOfClaimAsync(AppDbContext db, ITenantContext tenant, Guid claimId, CancellationToken ct)
    {
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        return db.Database.ExecuteSqlAsync(
            $"SELECT Id FROM Projects WHERE TenantId = {tenantId} AND Id = (SELECT ProjectId FROM ExpenseClaims WHERE TenantId = {tenantId} AND Id = {claimId.ToString()}) FOR UPDATE", ct);
    }

    public static string Normalise(string? invoice) => (invoice ?? "").Trim().ToUpperInvariant();
}

