using MySqlConnector;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Approvals.Conflicts;

/// <summary>
/// The register of committee members' conflicts of interest with organisations (利益冲突登记). The secretariat records them
/// for any committee member; a committee member declares their own. A recorded conflict is never deleted: it keeps
/// the member away from that organisation's money for good, and the list shows who recorded it and when.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<GrantsApprovalResource> t) : PageModel, IReloadOnInvalid
{
    public const int PageSize = 30;

    [BindProperty] public Record Input { get; set; } = new();
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    private int _page = 1;

    public async Task OnGetAsync(int p = 1)
    {
        _page = p;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = t["Conflicts.RecordedNotice"];
        return RedirectToPage("/Grants/Approvals/Conflicts/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { Page = _page });

    public sealed record Option(Guid Id, string Name);
    public sealed record Row(string Member, string Organisation, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

    public sealed record Result(
        IReadOnlyList<Row> Rows, int Page, int Pages, bool CanRecord, bool IsSecretariat, Guid Me,
        IReadOnlyList<CommitteeMember> Members, IReadOnlyList<Option> Organisations);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var conflicts = db.Set<CommitteeConflict>().AsNoTracking();
            var count = await conflicts.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                from c in conflicts
                join o in db.Set<Organisation>() on c.OrganisationId equals o.Id
                orderby c.RecordedAt descending, c.Id
                select new { c.MemberId, Organisation = o.Name, c.Reason, c.RecordedBy, c.RecordedAt })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, rows.SelectMany(r => new[] { r.MemberId, r.RecordedBy }), cancellationToken);

            var isSecretariat = roles.Contains(TenantRole.Secretariat);
            var canRecord = isSecretariat || roles.Contains(TenantRole.Committee);
            var members = canRecord ? await ApprovalAccess.CommitteeAsync(db, catalog, cancellationToken) : [];
            if (!isSecretariat) members = members.Where(m => m.UserId == me).ToList();
            var organisations = canRecord
                ? await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync(cancellationToken)
                : [];
            return new Result(
                rows.Select(r => new Row(names.GetValueOrDefault(r.MemberId, "?"), r.Organisation, r.Reason, names.GetValueOrDefault(r.RecordedBy, "?"), r.RecordedAt)).ToList(),
                page, pages, canRecord, isSecretariat, me, members, organisations);
        }
    }

    /// <summary>Records that a committee member has a conflict with an organisation. Committee members record only their own.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee)]
    public sealed class Record : ICommand<Guid>, IHasAuditTarget
    {
        public Guid MemberId { get; set; }
        public Guid OrganisationId { get; set; }
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{MemberId} {OrganisationId}";
    }

    public sealed class Validator : AbstractValidator<Record>
    {
        public Validator(IStringLocalizer<GrantsApprovalResource> t)
        {
            RuleFor(c => c.MemberId).NotEmpty().WithMessage(_ => t["Conflicts.MemberRequired"]);
            RuleFor(c => c.OrganisationId).NotEmpty().WithMessage(_ => t["Conflicts.OrganisationRequired"]);
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Conflicts.ReasonRequired"])
                .Must(r => r.Trim().Length <= CommitteeConflict.ReasonMax).WithMessage(_ => t["Field.TooLong", CommitteeConflict.ReasonMax]);
        }
    }

    public sealed class Handler(UnitOfWork unitOfWork, AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<GrantsApprovalResource> t)
        : IRequestHandler<Record, Guid>
    {
        public async Task<Guid> Handle(Record request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            if (!roles.Contains(TenantRole.Secretariat) && request.MemberId != me)
                throw Refusal.Because(t["Conflicts.OwnOnly"], nameof(Record.MemberId));
            if (!await ApprovalAccess.IsCommitteeAsync(db, request.MemberId, cancellationToken))
                throw Refusal.Because(t["Conflicts.NotCommittee"], nameof(Record.MemberId));
            if (!await db.Set<Organisation>().AnyAsync(o => o.Id == request.OrganisationId, cancellationToken))
                throw Refusal.Because(t["Conflicts.OrganisationRequired"], nameof(Record.OrganisationId));
            if (await db.Set<CommitteeConflict>().AnyAsync(c => c.MemberId == request.MemberId && c.OrganisationId == request.OrganisationId, cancellationToken))
                throw Refusal.Because(t["Conflicts.Duplicate"]);
            var conflict = new CommitteeConflict
            {
                MemberId = request.MemberId, OrganisationId = request.OrganisationId, Reason = request.Reason.Trim(), RecordedBy = me, RecordedAt = clock.GetUtcNow(),
            };
            db.Add(conflict);
            unitOfWork.OnConflict(t["Conflicts.Duplicate"]);
            return conflict.Id;
        }
    }
}
