using CommunityFund.Web.Features.Grants.Settings;

namespace CommunityFund.Web.Features.Grants.Approvals;

/// <summary>
/// What happens to the subject of a request once it is decided. One implementation per <see cref="ApprovalKind"/>,
/// registered in DI; the decide command calls it inside the same transaction as the deciding vote.
/// </summary>
public interface IApprovalOutcome
{
    ApprovalKind Kind { get; }
    Task ApprovedAsync(ApprovalRequest request, CancellationToken ct);
    Task RejectedAsync(ApprovalRequest request, CancellationToken ct);
    /// <summary>The preparer took the request back before anyone decided; by default nothing happens to the subject.</summary>
    Task WithdrawnAsync(ApprovalRequest request, CancellationToken ct) => Task.CompletedTask;
}

public static class ApprovalOutcomes
{
    /// <summary>The outcome registered for a kind (the last registration wins, as in DI), or null when none is.</summary>
    public static IApprovalOutcome? For(IEnumerable<IApprovalOutcome> outcomes, ApprovalKind kind) => outcomes.LastOrDefault(o => o.Kind == kind);
}

/// <summary>The tenant's grant settings, or the defaults when the secretariat has not saved any.</summary>
public static class GrantSettingsStore
{
    public static async Task<GrantSettings> LoadAsync(AppDbContext db, CancellationToken ct) =>
        await db.Set<GrantSettings>().AsNoTracking().FirstOrDefaultAsync(ct)
        ?? GrantSettings.Defaults(db.CurrentTenantId ?? throw new InvalidOperationException("No tenant."));
}

/// <summary>
/// The one way a money request starts: the current user prepares it and the requirement is fixed from the tenant's
/// tiers at that moment. Call inside a command (its transaction saves the row).
/// </summary>
public sealed class ApprovalService(AppDbContext db, TimeProvider clock, ICurrentUser user)
{
    public async Task<ApprovalRequest> RequestAsync(ApprovalKind kind, Guid subjectId, Guid? organisationId, decimal amount, string summary, CancellationToken ct)
    {
        var settings = await GrantSettingsStore.LoadAsync(db, ct);
        var need = settings.GetPolicy().RequirementFor(amount);
        var request = new ApprovalRequest
        {
            Kind = kind, SubjectId = subjectId, OrganisationId = organisationId, Amount = amount,
            Summary = summary.Length > ApprovalRequest.SummaryMax ? summary[..ApprovalRequest.SummaryMax] : summary,
            RequiredApprovals = need.Approvals, ChairRequired = need.ChairRequired, Status = ApprovalStatus.Pending,
            PreparedBy = user.UserId ?? throw new ForbiddenException("Sign in first."), PreparedAt = clock.GetUtcNow(),
        };
        db.Add(request);
        return request;
    }
}
