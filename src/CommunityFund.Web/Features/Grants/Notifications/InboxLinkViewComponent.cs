namespace CommunityFund.Web.Features.Grants.Notifications;

/// <summary>The header's inbox link with the number of unread notifications (layout: signed-in members of a tenant).</summary>
public sealed class InboxLinkViewComponent(AppDbContext db, ICurrentUser user, ITenantContext tenant) : ViewComponent
{
    public sealed record Model(string Tenant, int Unread);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (tenant.Current is not { } current || user.UserId is not { } me) return Content("");
        var unread = await db.Set<Notification>().CountAsync(n => n.UserId == me && n.ReadAt == null, HttpContext.RequestAborted);
        return View("~/Features/Grants/Notifications/_InboxLink.cshtml", new Model(current.Identifier, unread));
    }
}
