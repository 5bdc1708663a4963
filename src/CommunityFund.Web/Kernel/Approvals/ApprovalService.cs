using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Kernel.Approvals;

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
/// tiers at that moment. Call inside a command (its transaction saves the row). The request is a hand-off: the
/// committee's approval step is put under its time limit and every committee member but the preparer is told.
/// </summary>
public sealed class ApprovalService(AppDbContext db, TimeProvider clock, ICurrentUser user, Notifier notifier, IStringLocalizer<GrantsApprovalResource> t)
{
    public async Task<ApprovalRequest> RequestAsync(ApprovalKind kind, Guid subjectId, Guid? organisationId, decimal amount, string summary, CancellationToken ct)
    {
        var settings = await GrantSettingsStore.LoadAsync(db, ct);
        var need = settings.GetPolicy().RequirementFor(amount);
        var request = new ApprovalRequest
        {
            Kind = kind, SubjectId = subjectId, OrganisationId = organisationId, Amount = amount,
            Summary = Formats.Clip(summary, ApprovalRequest.SummaryMax),
            RequiredApprovals = need.Approvals, ChairRequired = need.ChairRequired, Status = ApprovalStatus.Pending,
            PreparedBy = user.UserId ?? throw new ForbiddenException("Sign in first."), PreparedAt = clock.GetUtcNow(),
        };
        db.Add(request);

        var link = "/approvals/" + request.Id;
        // A new request: no step is open for it yet, and the settings are already loaded.
        PendingSteps.Open(db, TimedStep.Approval, request.Id, request.Summary, link, TenantRole.Committee, null, clock.Today(), settings);
        var committee = (await Notifier.HoldersAsync(db, TenantRole.Committee, ct)).Where(id => id != request.PreparedBy);
        var (summaryText, money, required) = (request.Summary, Formats.Money(amount), request.RequiredApprovals);
        await notifier.NotifyAsync(committee,
            () => new NotificationText(t["Handoff.Needed.Title", t["Kind." + kind], money], t["Handoff.Needed.Body", summaryText, required]),
            link, ct);
        return request;
    }

    /// <summary>
    /// After a request is decided or withdrawn (call in the same transaction): its approval step leaves the time-limit
    /// dashboard and, when the committee decided, the preparer is told the result.
    /// </summary>
    public async Task ConcludedAsync(ApprovalRequest request, CancellationToken ct)
    {
        if (request.Status == ApprovalStatus.Pending) return;
        await PendingSteps.CloseAsync(db, TimedStep.Approval, request.Id, clock.GetUtcNow(), ct);
        if (request.Status is not (ApprovalStatus.Approved or ApprovalStatus.Rejected)) return;
        var (status, kind, summary, money) = (request.Status, request.Kind, request.Summary, Formats.Money(request.Amount));
        await notifier.NotifyAsync([request.PreparedBy],
            () => new NotificationText(t["Handoff." + status + ".Title", t["Kind." + kind], money], t["Handoff." + status + ".Body", summary]),
            "/approvals/" + request.Id, ct);
    }
}
