using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>One journal entry with its lines, source document, author and reversal links; the secretariat may reverse it.</summary>
public class EntryModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    public Detail Data { get; private set; } = null!;
    [BindProperty] public Reverse Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public bool CanReverse => Books.IsSecretariat(User) && Data.Reversible;

    public async Task OnGetAsync(long id)
    {
        Data = await mediator.Send(new Query { Id = id });
        Input = new Reverse
        {
            EntryId = id,
            Date = Formats.Date(clock.Today()),
            IdempotencyKey = InputRules.NewIdempotencyKey(),
        };
    }

    public async Task<IActionResult> OnPostReverseAsync(long id)
    {
        Input.EntryId = id;
        var posted = await mediator.Send(Input);
        Notice = "Books.Entry.Reversed";
        return RedirectToPage("/Ledger/Journal/Entry", new { tenant = tenant.Current!.Identifier, id = posted.Id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { Id = Input.EntryId });

    public sealed record Line(int LineNo, string AccountCode, string AccountNameZh, string AccountNameEn, string FundCode, string FundNameZh, string FundNameEn, decimal Debit, decimal Credit, string? Memo);
    public sealed record Link(long Id, int Number);

    /// <summary>An approval decision behind the entry's source document, with the approver's name.</summary>
    public sealed record DecisionView(string Approver, bool Approved, bool WasChair, DateTimeOffset At);
    public sealed record ApprovalView(Guid RequestId, ApprovalKind Kind, ApprovalStatus Status, string Summary, decimal Amount, IReadOnlyList<DecisionView> Decisions);

    public sealed record Detail(long Id, int Number, DateOnly Date, string Description, EntryKind Kind, string? SourceType, Guid? SourceId,
        Link? Reverses, Link? ReversedBy, string Author, DateTimeOffset PostedAt, IReadOnlyList<Line> Lines,
        SourceDocumentPage? SourcePage = null, IReadOnlyList<ApprovalView>? Approvals = null)
    {
        public decimal TotalDebit => Lines.Sum(x => x.Debit);
        public decimal TotalCredit => Lines.Sum(x => x.Credit);
        /// <summary>A reversal is never reversed, and an entry is reversed at most once.</summary>
        public bool Reversible => Reverses is null && ReversedBy is null;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Detail>
    {
        public long Id { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, IEnumerable<ISourceDocumentPages> sources) : IRequestHandler<Query, Detail>
    {
        public async Task<Detail> Handle(Query request, CancellationToken cancellationToken)
        {
            // The tenant query filter hides other tenants' entries: their ids answer 404 like ids that never existed.
            var entry = await db.Set<JournalEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken)
                        ?? throw new NotFoundException("No such entry in this tenant.");
            var lines = await (
                from l in db.Set<JournalLine>().AsNoTracking()
                join a in db.Set<LedgerAccount>() on l.AccountId equals a.Id
                join f in db.Set<Fund>() on l.FundId equals f.Id
                where l.EntryId == entry.Id
                orderby l.LineNo
                select new Line(l.LineNo, a.Code, a.NameZh, a.NameEn, f.Code, f.NameZh, f.NameEn, l.Debit, l.Credit, l.Memo)).ToListAsync(cancellationToken);
            var reverses = entry.ReversesEntryId is { } rid
                ? await db.Set<JournalEntry>().Where(e => e.Id == rid).Select(e => new Link(e.Id, e.Number)).FirstOrDefaultAsync(cancellationToken)
                : null;
            var reversedBy = await db.Set<JournalEntry>().Where(e => e.ReversesEntryId == entry.Id).Select(e => new Link(e.Id, e.Number)).FirstOrDefaultAsync(cancellationToken);
            var author = await catalog.Users.AsNoTracking().Where(u => u.Id == entry.AuthorId)
                .Select(u => string.IsNullOrEmpty(u.DisplayName) ? u.Email : u.DisplayName + " (" + u.Email + ")").FirstOrDefaultAsync(cancellationToken);
            // The source document's own page, and the approvals that authorised it (who decided, when).
            SourceDocumentPage? page = null;
            IReadOnlyList<ApprovalView> approvals = [];
            if (entry.SourceType is { } type && entry.SourceId is { } sourceId)
            {
                page = await SourceDocuments.PageAsync(sources, type, sourceId, cancellationToken);
                var trail = await SourceDocuments.ApprovalsAsync(db, sourceId, cancellationToken);
                var names = await People.NamesAsync(catalog, trail.SelectMany(r => r.Decisions.Select(d => d.ApproverId)), cancellationToken);
                approvals = trail.Select(r => new ApprovalView(r.RequestId, r.Kind, r.Status, r.Summary, r.Amount,
                    r.Decisions.Select(d => new DecisionView(names.GetValueOrDefault(d.ApproverId, "—"), d.Approved, d.WasChair, d.At)).ToList())).ToList();
            }
            return new Detail(entry.Id, entry.Number, entry.Date, entry.Description, entry.Kind, entry.SourceType, entry.SourceId,
                reverses, reversedBy, author ?? "—", entry.PostedAt, lines, page, approvals);
        }
    }

    /// <summary>Posts the mirror image of the entry (LedgerService.ReverseAsync); the key makes a double submit post once.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Reverse : ICommand<PostedEntry>, IIdempotentCommand, IHasAuditTarget
    {
        /// <summary>Taken from the route, never from the form.</summary>
        public long EntryId { get; set; }
        public string Date { get; set; } = "";
        public string Reason { get; set; } = "";
        public string IdempotencyKey { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => EntryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public const int MaxReasonLength = 200;

    public sealed class ReverseValidator : AbstractValidator<Reverse>
    {
        public ReverseValidator(IStringLocalizer<KernelResource> k, AppDbContext db, IStringLocalizer<LedgerBooksResource> l, IStringLocalizer<LedgerResource> core)
        {
            RuleFor(c => c.Date).Cascade(CascadeMode.Stop)
                .ValidDate(k)
                .MustAsync(async (command, text, ct) =>
                {
                    var date = InputRules.Date(text);
                    var original = await db.Set<JournalEntry>().Where(e => e.Id == command.EntryId).Select(e => (DateOnly?)e.Date).FirstOrDefaultAsync(ct);
                    return original is null || date >= original;
                }).WithMessage(_ => l["Books.Entry.ReverseBeforeOriginal"]);
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => l["Books.Entry.ReasonRequired"])
                .Must(r => r.Trim().Length <= MaxReasonLength).WithMessage(_ => l["Books.Validation.TooLong", MaxReasonLength]);
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
        }
    }

    public sealed class ReverseHandler(LedgerService ledger) : IRequestHandler<Reverse, PostedEntry>
    {
        public Task<PostedEntry> Handle(Reverse request, CancellationToken cancellationToken) =>
            ledger.ReverseAsync(request.EntryId, InputRules.Date(request.Date), request.Reason.Trim(), cancellationToken);
    }
}
