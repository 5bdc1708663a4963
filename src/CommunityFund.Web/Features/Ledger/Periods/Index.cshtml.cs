using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Periods;

/// <summary>期末结账: the committee closes the books through a month end; no entry may be dated on or before it afterwards.</summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    public Result Data { get; private set; } = new([]);
    [BindProperty] public Close Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public bool CanClose => Books.IsCommittee(User);

    public async Task OnGetAsync()
    {
        Data = await mediator.Send(new Query());
        Input.ThroughDate = Formats.Date(SuggestedClose(Data.Latest, clock.Today()));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(Input);
        Notice = "Books.Periods.Closed";
        return RedirectToPage("/Ledger/Periods/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query());

    /// <summary>The end of the month after the last close, or of last month when nothing is closed yet.</summary>
    public static DateOnly SuggestedClose(DateOnly? latest, DateOnly today)
    {
        if (latest is { } l) return MonthEnd(l.AddDays(1));
        var lastMonth = today.AddMonths(-1);
        return MonthEnd(lastMonth);
    }

    public static DateOnly MonthEnd(DateOnly d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));

    public sealed record Row(DateOnly ThroughDate, string ClosedBy, DateTimeOffset ClosedAt);

    public sealed record Result(IReadOnlyList<Row> History)
    {
        public DateOnly? Latest => History.Count == 0 ? null : History.Max(h => h.ThroughDate);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>;

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var closes = await db.Set<PeriodClose>().AsNoTracking().OrderByDescending(p => p.ThroughDate).ThenByDescending(p => p.ClosedAt).ToListAsync(cancellationToken);
            var userIds = closes.Select(c => c.ClosedBy).Distinct().ToList();
            var users = await catalog.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.DisplayName }).ToDictionaryAsync(u => u.Id, cancellationToken);
            return new Result(closes.Select(c => new Row(c.ThroughDate,
                users.GetValueOrDefault(c.ClosedBy) is { } u ? (string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? "" : u.DisplayName) : "—",
                c.ClosedAt)).ToList());
        }
    }

    [RequiresTenantRole(TenantRole.Committee)]
    public sealed class Close : ICommand<Guid>, IHasAuditTarget
    {
        /// <summary>yyyy-MM-dd, the last day of a month.</summary>
        public string ThroughDate { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => ThroughDate;
    }

    public sealed class CloseValidator : AbstractValidator<Close>
    {
        public CloseValidator(AppDbContext db, TimeProvider clock, IStringLocalizer<LedgerBooksResource> l)
        {
            RuleFor(c => c.ThroughDate).Cascade(CascadeMode.Stop)
                .Must(d => InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"])
                .Must(d => InputRules.Date(d) == MonthEnd(InputRules.Date(d))).WithMessage(c => l["Books.Periods.NotMonthEnd", MonthEnd(InputRules.Date(c.ThroughDate)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)])
                .Must(d => InputRules.Date(d) < clock.Today()).WithMessage(_ => l["Books.Periods.NotOverYet"])
                .MustAsync(async (d, ct) => await LatestAsync(db, ct) is not { } latest || InputRules.Date(d) > latest)
                .WithMessage(_ => l["Books.Periods.NotAfterLatest"]);
        }
    }

    internal static Task<DateOnly?> LatestAsync(AppDbContext db, CancellationToken ct) =>
        db.Set<PeriodClose>().MaxAsync(p => (DateOnly?)p.ThroughDate, ct);

    public sealed class CloseHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IStringLocalizer<LedgerBooksResource> l)
        : IRequestHandler<Close, Guid>
    {
        public async Task<Guid> Handle(Close request, CancellationToken cancellationToken)
        {
            var through = InputRules.Date(request.ThroughDate);
            // Two members closing at once: a locking read of the latest close serialises them and always sees the committed
            // row (the validator looked before the transaction began).
            var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Commands run in a transaction.");
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.Transaction = tx.GetDbTransaction();
                // The entry-number counter row is what every posting locks while it checks the closed date and inserts its
                // entry; holding it here makes a close and a posting strictly one after the other.
                command.CommandText =
                    "INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES (@t, 1, 1) ON DUPLICATE KEY UPDATE TenantId = TenantId; " +
                    "SELECT ThroughDate FROM PeriodCloses WHERE TenantId = @t ORDER BY ThroughDate DESC LIMIT 1 FOR UPDATE";
                command.Parameters.Add(new MySqlParameter("@t", tenant.Current!.Id.ToString()));
                DateOnly? latest = await command.ExecuteScalarAsync(cancellationToken) switch
                {
                    DateTime dt => DateOnly.FromDateTime(dt),
                    DateOnly d => d,
                    _ => null,
                };
                if (latest is { } last && through <= last) throw Refusal.Because(l["Books.Periods.NotAfterLatest"]);
            }
            var close = new PeriodClose { ThroughDate = through, ClosedBy = user.UserId ?? Guid.Empty, ClosedAt = clock.GetUtcNow() };
            db.Add(close);
            return close.Id;
        }
    }
}
