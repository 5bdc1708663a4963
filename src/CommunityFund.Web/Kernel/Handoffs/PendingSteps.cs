using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// How other features put a step under a time limit (限时办结) and take it off again. Call inside a command: the rows
/// are added to its unit of work and saved with it.
/// </summary>
public static class PendingSteps
{
    /// <summary>Opens a step whose limit is the tenant's setting for <paramref name="step"/>.</summary>
    public static PendingStep Open(AppDbContext db, TimedStep step, Guid subjectId, string title, string? link,
        TenantRole responsibleRole, Guid? responsibleUserId, DateOnly startedOn, GrantSettings settings) =>
        Open(db, step, subjectId, title, link, responsibleRole, responsibleUserId, startedOn, settings.LimitFor(step));

    public static PendingStep Open(AppDbContext db, TimedStep step, Guid subjectId, string title, string? link,
        TenantRole responsibleRole, Guid? responsibleUserId, DateOnly startedOn, int limitWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitWorkingDays);
        TenantLink.Check(link, PendingStep.LinkMax);
        var pending = new PendingStep
        {
            Step = step, SubjectId = subjectId, Title = Formats.Clip(title, PendingStep.TitleMax),
            Link = link, ResponsibleRole = responsibleRole, ResponsibleUserId = responsibleUserId, StartedOn = startedOn,
            LimitWorkingDays = limitWorkingDays, State = TimeLimitState.Green,
        };
        db.Add(pending);
        return pending;
    }

    /// <summary>
    /// Opens the step with the tenant's saved limit (defaults when none are saved) unless the same step is already
    /// open for the subject, in which case that one is returned: a repeated hand-off does not restart the clock.
    /// </summary>
    public static async Task<PendingStep> OpenAsync(AppDbContext db, TimedStep step, Guid subjectId, string title, string? link,
        TenantRole responsibleRole, Guid? responsibleUserId, DateOnly startedOn, CancellationToken ct)
    {
        var open = await OpenStepsAsync(db, step, subjectId, ct);
        if (open.Count > 0) return open[0];
        var settings = await Approvals.GrantSettingsStore.LoadAsync(db, ct);
        return Open(db, step, subjectId, title, link, responsibleRole, responsibleUserId, startedOn, settings);
    }

    /// <summary>Closes every open <paramref name="step"/> of the subject (saved or only added so far); returns how many.</summary>
    public static async Task<int> CloseAsync(AppDbContext db, TimedStep step, Guid subjectId, DateTimeOffset at, CancellationToken ct = default)
    {
        var open = await OpenStepsAsync(db, step, subjectId, ct);
        foreach (var s in open) s.ClosedAt = at;
        return open.Count;
    }

    private static async Task<List<PendingStep>> OpenStepsAsync(AppDbContext db, TimedStep step, Guid subjectId, CancellationToken ct)
    {
        var saved = await db.Set<PendingStep>().Where(s => s.Step == step && s.SubjectId == subjectId && s.ClosedAt == null).ToListAsync(ct);
        // Tracked rows include those added in this unit of work and not saved yet.
        return db.ChangeTracker.Entries<PendingStep>()
            .Where(e => e.State != EntityState.Deleted && e.Entity.Step == step && e.Entity.SubjectId == subjectId && e.Entity.ClosedAt == null)
            .Select(e => e.Entity).Union(saved).ToList();
    }
}
