
namespace CommunityFund.Web.Features.Grants.Approvals.Inbox;

/// <summary>
/// The approvals inbox. A committee member sees the pending requests, the ones they may decide first; the ones they
/// prepared, are conflicted on or already decided stay in the list, greyed, with the reason. The secretariat and the
/// auditor see every request and filter by status.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public const int PageSize = 20;

    public Result Data { get; private set; } = new([], null, false, false, 0, 1, 1);

    public async Task OnGetAsync(string? status, int p = 1) => Data = await mediator.Send(new Query { Status = status, Page = p });

    public sealed record Row(
        Guid Id, ApprovalKind Kind, string Summary, decimal Amount, string? Organisation, int RequiredApprovals, bool ChairRequired,
        ApprovalStatus Status, string PreparedBy, DateTimeOffset PreparedAt, int Approvals, ApprovalRefusal Refusal)
    {
        /// <summary>Shown greyed: the viewer is a committee member who may not decide this pending request.</summary>
        public bool Blocked => Status == ApprovalStatus.Pending && Refusal != ApprovalRefusal.None;
    }

    public sealed record Result(
        IReadOnlyList<Row> Rows, ApprovalStatus? Status, bool SeesAll, bool IsCommittee, int AwaitingMe, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        /// <summary>A status name; empty for all. Committee members who are neither secretariat nor auditor always see Pending.</summary>
        public string? Status { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var seesAll = roles.Contains(TenantRole.Secretariat) || roles.Contains(TenantRole.Auditor);
            var isCommittee = roles.Contains(TenantRole.Committee);
            ApprovalStatus? status = !seesAll
                ? ApprovalStatus.Pending
                : Enum.TryParse<ApprovalStatus>(request.Status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(request.Status, out _) ? s : null;

            var requests = db.Set<ApprovalRequest>().AsNoTracking();
            if (status is { } wanted) requests = requests.Where(r => r.Status == wanted);
            var myConflicts = db.Set<CommitteeConflict>().Where(c => c.MemberId == me);
            var decisions = db.Set<ApprovalDecision>();
            var shaped = requests.Select(r => new
            {
                Request = r,
                Prepared = r.PreparedBy == me,
                Conflicted = myConflicts.Any(c => c.OrganisationId == r.OrganisationId),
                Decided = decisions.Any(d => d.RequestId == r.Id && d.ApproverId == me),
                Approvals = decisions.Count(d => d.RequestId == r.Id && d.Approved),
                Organisation = db.Set<Organisation>().Where(o => o.Id == r.OrganisationId).Select(o => o.Name).FirstOrDefault(),
            });

            var awaitingMe = isCommittee
                ? await shaped.CountAsync(x => x.Request.Status == ApprovalStatus.Pending && !x.Prepared && !x.Conflicted && !x.Decided, cancellationToken)
                : 0;
            var count = await shaped.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            // What waits for the viewer comes first, oldest first (time limits run from preparation); then the rest, newest first.
            var ordered = shaped
                .OrderBy(x => x.Request.Status == ApprovalStatus.Pending ? 0 : 1)
                .ThenBy(x => isCommittee && (x.Prepared || x.Conflicted || x.Decided) ? 1 : 0)
                .ThenBy(x => x.Request.Status == ApprovalStatus.Pending ? x.Request.PreparedAt : DateTimeOffset.MinValue)
                .ThenByDescending(x => x.Request.PreparedAt)
                .ThenBy(x => x.Request.Id);
            var rows = await ordered.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);

            var names = await People.NamesAsync(catalog, rows.Select(x => x.Request.PreparedBy), cancellationToken);
            return new Result(rows.Select(x =>
            {
                var r = x.Request;
                var refusal = !isCommittee || r.Status != ApprovalStatus.Pending ? ApprovalRefusal.None
                    : x.Prepared ? ApprovalRefusal.PreparerCannotApprove
                    : x.Conflicted ? ApprovalRefusal.ConflictedCannotApprove
                    : x.Decided ? ApprovalRefusal.AlreadyDecided
                    : ApprovalRefusal.None;
                return new Row(r.Id, r.Kind, r.Summary, r.Amount, x.Organisation, r.RequiredApprovals, r.ChairRequired, r.Status,
                    names.GetValueOrDefault(r.PreparedBy, "?"), r.PreparedAt, x.Approvals, refusal);
            }).ToList(), status, seesAll, isCommittee, awaitingMe, page, pages);
        }
    }
}
