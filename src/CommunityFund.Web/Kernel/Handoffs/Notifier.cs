using CommunityFund.Web.Infrastructure.Web;
using System.Globalization;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Mail;

namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>A notification's text in one language.</summary>
public sealed record NotificationText(string Title, string Body);

/// <summary>
/// Every hand-off tells the people who must act: one inbox row per person in the current tenant, added to the caller's
/// unit of work (the command's transaction saves it), and one e-mail per person sent only once that work is committed
/// (<see cref="AfterCommitMail"/>). Text is written in each recipient's preferred language (Chinese when unset).
/// </summary>
public sealed class Notifier(
    AppDbContext db, CatalogDbContext catalog, ITenantContext tenant, TimeProvider clock, IEmailSender mail, AfterCommitMail outbox,
    IConfiguration configuration, IStringLocalizer<NotificationResource> t)
{
    /// <summary>The same text for everyone (already written by the caller).</summary>
    public Task NotifyAsync(IEnumerable<Guid> userIds, string title, string body, string? link, CancellationToken ct = default) =>
        NotifyAsync(userIds, () => new NotificationText(title, body), link, ct);

    /// <summary>
    /// <paramref name="compose"/> runs once per recipient with the current UI culture set to theirs, so it can use any
    /// IStringLocalizer: <c>() => new(localizer["Some.Title"], localizer["Some.Body", name])</c>.
    /// </summary>
    public async Task NotifyAsync(IEnumerable<Guid> userIds, Func<NotificationText> compose, string? link, CancellationToken ct = default)
    {
        var current = tenant.Current ?? throw new TenantMismatchException("Notifications need a tenant.");
        TenantLink.Check(link, Notification.LinkMax);
        var ids = userIds.Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count == 0) return;
        var users = await catalog.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredCulture }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var user in users.OrderBy(u => ids.IndexOf(u.Id)))
        {
            using var _ = Cultures.Use(CultureFor(user.PreferredCulture));
            var text = compose();
            var title = Formats.Clip(text.Title, Notification.TitleMax);
            db.Add(new Notification
            {
                TenantId = current.Id, UserId = user.Id, Title = title, Body = Formats.Clip(text.Body, Notification.BodyMax), Link = link, CreatedAt = now,
            });
            if (string.IsNullOrWhiteSpace(user.Email)) continue;

            var fund = current.DisplayName(CultureInfo.CurrentUICulture);
            var lines = new List<string> { t["Mail.Greeting", string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email : user.DisplayName], "", text.Body, "" };
            if (link is not null) lines.Add(t["Mail.Open", SiteAddress.Link(configuration, current.Identifier, link)]);
            lines.Add(t["Mail.Inbox", SiteAddress.Link(configuration, current.Identifier, "/inbox")]);
            lines.AddRange(["", "—", t["Mail.Footer", fund]]);
            var subject = t["Mail.Subject", fund, title].Value;
            var bodyText = string.Join("\n", lines);
            var to = user.Email;
            outbox.Enqueue(db, token => mail.SendAsync(to, subject, bodyText, token), $"notification mail to {to}");
        }
    }

    /// <summary>Everyone holding <paramref name="role"/> in the current tenant.</summary>
    public async Task NotifyRoleAsync(TenantRole role, string title, string body, string? link, CancellationToken ct = default) =>
        await NotifyAsync(await HoldersAsync(db, role, ct), title, body, link, ct);

    public async Task NotifyRoleAsync(TenantRole role, Func<NotificationText> compose, string? link, CancellationToken ct = default) =>
        await NotifyAsync(await HoldersAsync(db, role, ct), compose, link, ct);

    public static async Task<List<Guid>> HoldersAsync(AppDbContext db, TenantRole role, CancellationToken ct) =>
        await db.Set<TenantMembership>().Where(m => m.Role == role).Select(m => m.UserId).Distinct().ToListAsync(ct);

    private static string CultureFor(string? preferred) =>
        Cultures.Supported.FirstOrDefault(c => string.Equals(c, preferred, StringComparison.OrdinalIgnoreCase))
        ?? (preferred?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? Cultures.English : Cultures.Chinese);
}
