using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>
/// One transfer request. A committee member other than its preparer approves it (posting the transfer) or rejects it,
/// with a comment; a decided request stays decided.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<SourceDocumentsResource> s) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsCommittee => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Committee));
    public bool CanDecide => Data.Status == TransferStatus.Pending && IsCommittee && !Data.PreparedByCurrentUser;

    public async Task OnGetAsync(Guid id)
    {
        Input.RequestId = id;
        Input.IdempotencyKey = LedgerRules.NewIdempotencyKey();
        await ReloadAsync();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id) => DecideAsync(id, approve: true);

    public Task<IActionResult> OnPostRejectAsync(Guid id) => DecideAsync(id, approve: false);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve)
    {
        Input.RequestId = id; // the request is the one in the address, whatever the form says
        Input.Approve = approve;
        var decision = await mediator.Send(Input);
        TempData["Notice"] = decision.EntryNumber is { } n ? s["Transfers.ApprovedNotice", n].Value : s["Transfers.RejectedNotice"].Value;
        return RedirectToPage("/Ledger/Transfers/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { RequestId = Input.RequestId });

    public sealed record View(
        Guid Id, string FromZh, string FromEn, string FromCode, string ToZh, string ToEn, string ToCode, decimal Amount, DateOnly Date, string Reason,
        TransferStatus Status, string PreparedBy, DateTimeOffset PreparedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionComment,
        int? EntryNumber, decimal FromFundBank, bool PreparedByCurrentUser);

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
                entryNumber, bank, t.PreparedBy == user.UserId);
        }
    }

    public sealed record Decision(TransferStatus Status, long? EntryId, int? EntryNumber);

    /// <summary>Approve (posts the transfer) or reject. Committee only, never the preparer, once per request.</summary>
    [RequiresTenantRole(TenantRole.Committee)]
    public sealed class Command : ICommand<Decision>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public Guid RequestId { get; set; }
        public bool Approve { get; set; }
        public string Comment { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{RequestId}:{(Approve ? "approve" : "reject")}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
            RuleFor(c => c.Comment).Must(c => !string.IsNullOrWhiteSpace(c)).When(c => !c.Approve).WithMessage(_ => s["Transfers.RejectCommentRequired"]);
            RuleFor(c => c.Comment).OptionalText(500, s);
        }
    }

    public sealed class Handler(Idempotency idempotency, LedgerService ledger, AppDbContext db, ICurrentUser user, TimeProvider clock,
        IStringLocalizer<SourceDocumentsResource> s) : IRequestHandler<Command, Decision>
    {
        public Task<Decision> Handle(Command request, CancellationToken cancellationToken) =>
            idempotency.RunAsync(request, async () =>
            {
                var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
                var transfer = await db.Set<FundTransferRequest>().SingleOrDefaultAsync(t => t.Id == request.RequestId, cancellationToken)
                               ?? throw new NotFoundException("No such transfer request in this tenant.");
                // Maker-checker: whatever roles the preparer also holds, they never decide their own request.
                if (transfer.PreparedBy == me) throw LedgerRefusal.Create(s["Transfers.OwnRequest"]);
                if (transfer.Status != TransferStatus.Pending) throw AlreadyDecided();

                transfer.Status = request.Approve ? TransferStatus.Approved : TransferStatus.Rejected;
                transfer.DecidedBy = me;
                transfer.DecidedAt = clock.GetUtcNow();
                transfer.DecisionComment = SourceDocumentRules.OrNull(request.Comment);
                transfer.Version++;
                try
                {
                    // Claim the decision first: UPDATE … WHERE Version = (what we read). A second decider racing us waits on
                    // this row, then matches nothing and is refused; only one decision (and one posting) can ever win.
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw AlreadyDecided();
                }
                if (!request.Approve) return new Decision(TransferStatus.Rejected, null, null);

                var funds = await db.Set<Fund>().AsNoTracking().Where(f => f.Id == transfer.FromFundId || f.Id == transfer.ToFundId)
                    .ToDictionaryAsync(f => f.Id, f => f.NameZh, cancellationToken);
                var bank = await ledger.SystemAccountAsync(ChartOfAccounts.Bank, cancellationToken);
                var netAssets = await ledger.SystemAccountAsync(ChartOfAccounts.NetAssets, cancellationToken);
                // Balanced within each fund; the bank credit on the from-fund is refused by the ledger if it cannot cover it.
                var entry = await ledger.PostAsync(new EntryDraft(transfer.Date,
                    Shorten(s["Transfers.EntryDescription", funds.GetValueOrDefault(transfer.FromFundId, "?"), funds.GetValueOrDefault(transfer.ToFundId, "?"), transfer.Reason].Value, 500),
                    EntryKind.FundTransfer,
                [
                    new LineDraft(netAssets, transfer.FromFundId, transfer.Amount, 0),
                    new LineDraft(bank, transfer.FromFundId, 0, transfer.Amount),
                    new LineDraft(bank, transfer.ToFundId, transfer.Amount, 0),
                    new LineDraft(netAssets, transfer.ToFundId, 0, transfer.Amount),
                ], nameof(FundTransferRequest), transfer.Id), cancellationToken);
                transfer.EntryId = entry.Id;
                return new Decision(TransferStatus.Approved, entry.Id, entry.Number);
            }, cancellationToken);

        private ValidationException AlreadyDecided() => LedgerRefusal.Create(s["Transfers.AlreadyDecided"]);

        /// <summary>Cuts text to the column's length without splitting a 4-byte character.</summary>
        private static string Shorten(string text, int max)
        {
            if (text.Length <= max) return text;
            var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
            return text[..cut] + "…";
        }
    }
}
