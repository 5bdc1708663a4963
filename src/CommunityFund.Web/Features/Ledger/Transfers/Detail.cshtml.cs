using CommunityFund.Web.Features.Ledger.Income;

namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>
/// One transfer request: what moves where, and where its approval stands. The committee decides it on the approval
/// page (/approvals/{id}), like every other money request; approval posts the transfer (<see cref="FundTransferOutcome"/>).
/// </summary>
public class DetailModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id) => Data = await mediator.Send(new Query { RequestId = id });

    /// <summary>Where the transfer's approval request stands (null for a transfer prepared before transfers went through approvals).</summary>
    public sealed record ApprovalView(Guid Id, ApprovalStatus Status, int RequiredApprovals, bool ChairRequired, int Approvals, bool MayDecide);

    public sealed record View(
        Guid Id, string FromZh, string FromEn, string FromCode, string ToZh, string ToEn, string ToCode, decimal Amount, DateOnly Date, string Reason,
        TransferStatus Status, string PreparedBy, DateTimeOffset PreparedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionComment,
        int? EntryNumber, decimal FromFundBank, bool PreparedByCurrentUser, ApprovalView? Approval);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid RequestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var r = await (
                from x in db.Set<FundTransferRequest>().AsNoTracking()
                join source in db.Set<Fund>() on x.FromFundId equals source.Id
                join target in db.Set<Fund>() on x.ToFundId equals target.Id
                where x.Id == request.RequestId
                select new { Request = x, FromZh = source.NameZh, FromEn = source.NameEn, FromCode = source.Code, ToZh = target.NameZh, ToEn = target.NameEn, ToCode = target.Code })
                .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("No such transfer request in this tenant.");
            var t = r.Request;
            var entryNumber = t.EntryId is { } entryId
                ? await db.Set<JournalEntry>().Where(e => e.Id == entryId).Select(e => (int?)e.Number).SingleOrDefaultAsync(cancellationToken)
                : null;
            var bank = await (
                from b in db.Set<FundAccountBalance>()
                join a in db.Set<LedgerAccount>() on b.AccountId equals a.Id
                where b.FundId == t.FromFundId && a.SystemKey == ChartOfAccounts.Bank
                select (decimal?)(b.DebitTotal - b.CreditTotal)).SingleOrDefaultAsync(cancellationToken) ?? 0;
            var names = await People.NamesAsync(catalog, t.DecidedBy is { } d ? [t.PreparedBy, d] : [t.PreparedBy], cancellationToken);
            return new View(t.Id, r.FromZh, r.FromEn, r.FromCode, r.ToZh, r.ToEn, r.ToCode, t.Amount, t.Date, t.Reason, t.Status,
                names.GetValueOrDefault(t.PreparedBy, "?"), t.PreparedAt,
                t.DecidedBy is { } by ? names.GetValueOrDefault(by, "?") : null, t.DecidedAt, t.DecisionComment,
                entryNumber, bank, t.PreparedBy == user.UserId, await ApprovalAsync(t.Id, cancellationToken));
        }

        private async Task<ApprovalView?> ApprovalAsync(Guid transferId, CancellationToken ct)
        {
            var a = await TransferApprovals.Of(db, transferId).AsNoTracking().FirstOrDefaultAsync(ct);
            if (a is null) return null;
            var approvals = await db.Set<ApprovalDecision>().CountAsync(d => d.RequestId == a.Id && d.Approved, ct);
            var mayDecide = false;
            if (a.Status == ApprovalStatus.Pending && user.UserId is { } me)
            {
                // The same rule the decide command applies (maker-checker), so the page offers only what will be accepted.
                var isCommittee = (await user.GetTenantRolesAsync(ct)).Contains(TenantRole.Committee);
                mayDecide = isCommittee && await ApprovalAccess.RefusalAsync(db, a, me, isCommittee, ct) == ApprovalRefusal.None;
            }
            return new ApprovalView(a.Id, a.Status, a.RequiredApprovals, a.ChairRequired, approvals, mayDecide);
        }
    }
}

/// <summary>How a transfer finds its approval request: by kind and subject (the transfer has no column for it).</summary>
public static class TransferApprovals
{
    public static IQueryable<ApprovalRequest> Of(AppDbContext db, Guid transferId) =>
        db.Set<ApprovalRequest>().Where(a => a.Kind == ApprovalKind.FundTransfer && a.SubjectId == transferId).OrderByDescending(a => a.PreparedAt);
}
