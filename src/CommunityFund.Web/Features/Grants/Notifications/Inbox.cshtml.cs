namespace CommunityFund.Web.Features.Grants.Notifications;

/// <summary>My notifications in this tenant, newest first; opening one marks it read and follows its link.</summary>
public class InboxModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<NotificationResource> t) : PageModel
{
    public const int PageSize = 20;

    public Result Data { get; private set; } = new([], 0, 1, 1);
    [TempData] public string? Notice { get; set; }
    public bool IsStaff => new[] { TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor }
        .Any(r => User.HasClaim(CommunityFundClaims.TenantRole, r.ToString()));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public async Task<IActionResult> OnPostOpenAsync(Guid id)
    {
        var link = await mediator.Send(new Open { Id = id });
        return link is not null && TenantLink.IsValid(link, Notification.LinkMax)
            ? LocalRedirect(TenantLink.Under(tenant.Current!.Identifier, link))
            : RedirectToPage("/Grants/Notifications/Inbox", new { tenant = tenant.Current!.Identifier });
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        await mediator.Send(new MarkAllRead());
        Notice = t["Inbox.MarkedAllNotice"].Value;
        return RedirectToPage("/Grants/Notifications/Inbox", new { tenant = tenant.Current!.Identifier });
    }

    public sealed record Row(Guid Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read);
    public sealed record Result(IReadOnlyList<Row> Rows, int Unread, int Page, int Pages);

    [RequiresTenantRole]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            // The tenant filter keeps other tenants' rows out; the user filter keeps other people's out.
            var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == me);
            var total = await mine.CountAsync(cancellationToken);
            var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(n => new Row(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(cancellationToken);
            return new Result(rows, unread, page, pages);
        }
    }

    /// <summary>Marks one of my notifications read and gives back its link. Someone else's, or another tenant's, is a 404.</summary>
    [RequiresTenantRole]
    public sealed class Open : ICommand<string?>, IHasAuditTarget
    {
        public Guid Id { get; init; }
        public string? AuditTarget => Id.ToString();
    }

    public sealed class OpenHandler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Open, string?>
    {
        public async Task<string?> Handle(Open request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var n = await db.Set<Notification>().FirstOrDefaultAsync(x => x.Id == request.Id && x.UserId == me, cancellationToken)
                ?? throw new NotFoundException("No such notification.");
            n.ReadAt ??= clock.GetUtcNow();
            return n.Link;
        }
    }

    [RequiresTenantRole]
    public sealed class MarkAllRead : ICommand<int>;

    public sealed class MarkAllReadHandler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<MarkAllRead, int>
    {
        public async Task<int> Handle(MarkAllRead request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var now = clock.GetUtcNow();
            var unread = await db.Set<Notification>().Where(n => n.UserId == me && n.ReadAt == null).ToListAsync(cancellationToken);
            foreach (var n in unread) n.ReadAt = now;
            return unread.Count;
        }
    }
}
