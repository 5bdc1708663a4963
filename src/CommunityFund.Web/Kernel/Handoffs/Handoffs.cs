using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// A hand-off from one party to the next (DESIGN §5, 限时办结): the step the next party must take goes under its time
/// limit, the step just taken comes off it, and the people concerned are told (inbox + e-mail after commit). Call inside
/// a command: everything is saved by its transaction. Texts are the <c>Handoff.{what}.Title/Body</c> strings of
/// <see cref="NotificationResource"/>, written in each recipient's language.
/// </summary>
public sealed class Handoffs(AppDbContext db, Notifier notifier, TimeProvider clock, IStringLocalizer<NotificationResource> t)
{
    /// <summary>Puts <paramref name="step"/> of the subject under its time limit (an open one keeps its clock).</summary>
    public Task<PendingStep> OpenStepAsync(TimedStep step, Guid subjectId, string title, string link, TenantRole responsible, CancellationToken ct) =>
        PendingSteps.OpenAsync(db, step, subjectId, title, link, responsible, null, clock.Today(), ct);

    /// <summary>The subject's <paramref name="step"/> is done: it leaves the time-limit dashboard.</summary>
    public Task CloseStepAsync(TimedStep step, Guid subjectId, CancellationToken ct) =>
        PendingSteps.CloseAsync(db, step, subjectId, clock.GetUtcNow(), ct);

    /// <summary>Tells every member of the organisation.</summary>
    public Task TellOrganisationAsync(Guid organisationId, string what, string link, CancellationToken ct, params object[] args) =>
        TellOrganisationAsync(organisationId, Text(what, args), link, ct);

    /// <summary>Tells every member of the organisation, in words the caller composes per recipient (see <see cref="Notifier"/>).</summary>
    public async Task TellOrganisationAsync(Guid organisationId, Func<NotificationText> compose, string link, CancellationToken ct)
    {
        var members = await db.Set<OrganisationMember>().Where(m => m.OrganisationId == organisationId).Select(m => m.UserId).ToListAsync(ct);
        await notifier.NotifyAsync(members, compose, link, ct);
    }

    /// <summary>Tells everyone holding <paramref name="role"/> in the tenant.</summary>
    public Task TellRoleAsync(TenantRole role, string what, string link, CancellationToken ct, params object[] args) =>
        notifier.NotifyRoleAsync(role, Text(what, args), link, ct);

    private Func<NotificationText> Text(string what, object[] args) =>
        () => new NotificationText(t[$"Handoff.{what}.Title", args], t[$"Handoff.{what}.Body", args]);

    /// <summary>A one-time list in one line of a notification: "1. …；2. …", each item without its own closing punctuation.</summary>
    public static string List(IEnumerable<string> items) =>
        string.Join("；", items.Select((item, i) => $"{i + 1}. {item.Trim().TrimEnd('。', '；', ';', '.', '，', ',')}"));

    /// <summary>How a subject is named in a step's title: its number and title, the same in every language.</summary>
    public static string Name(int number, string title) => $"#{number} {title}";
}
