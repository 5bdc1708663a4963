using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Reports;

/// <summary>
/// 基金收支表: for each fund and a date range, the opening money (bank + cash) and goods (in-kind inventory), income by
/// source account, spending by expense account, and the closing balances. Movements through other balance-sheet
/// accounts (transfers between funds through net assets, advances to grantees, payables) are listed separately, so that
/// opening + income − spending + other movements = closing holds exactly for every fund.
/// </summary>
public class FundStatementModel(IMediator mediator) : PageModel, IReloadOnInvalid
{
    /// <summary>Bound from the query string: ?from=2021-01-01&amp;to=2021-12-31&amp;fund=… (all funds when empty).</summary>
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result? Data { get; private set; }
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Funds = await mediator.Send(new FundsQuery());
        Data = await mediator.Send(Input);
    }

    public async Task ReloadAsync() => Funds = await mediator.Send(new FundsQuery());

    public sealed record Item(string Code, string NameZh, string NameEn, decimal Amount);

    public sealed record Statement(Guid FundId, string Code, string NameZh, string NameEn, FundKind Kind,
        decimal OpeningCash, decimal OpeningInKind, IReadOnlyList<Item> Income, IReadOnlyList<Item> Spending, IReadOnlyList<Item> Other,
        decimal ClosingCash, decimal ClosingInKind)
    {
        public decimal Opening => OpeningCash + OpeningInKind;
        public decimal Closing => ClosingCash + ClosingInKind;
        public decimal TotalIncome => Income.Sum(i => i.Amount);
        public decimal TotalSpending => Spending.Sum(i => i.Amount);
        public decimal TotalOther => Other.Sum(i => i.Amount);
        /// <summary>Holds by double entry; shown on the page as the statement's proof.</summary>
        public bool Reconciles => Opening + TotalIncome - TotalSpending + TotalOther == Closing;
    }

    public sealed record Result(DateOnly From, DateOnly To, IReadOnlyList<Statement> Funds);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Fund { get; set; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l)
        {
            RuleFor(q => q.From).Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"]);
            RuleFor(q => q.To).Cascade(CascadeMode.Stop)
                .Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"])
                .Must((q, to) => !InputRules.TryDate(q.From, out var from) || !InputRules.TryDate(to, out var end) || from <= end)
                .WithMessage(_ => l["Books.Validation.RangeReversed"]);
            RuleFor(q => q.Fund)
                .MustAsync(async (text, ct) => string.IsNullOrWhiteSpace(text) || (Guid.TryParse(text, out var id) && await db.Set<Fund>().AnyAsync(f => f.Id == id, ct)))
                .WithMessage(_ => l["Books.Validation.UnknownFund"]);
        }
    }

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var today = clock.Today();
            var to = InputRules.TryDate(request.To, out var t) ? t : today;
            var from = InputRules.TryDate(request.From, out var f) ? f : new DateOnly(to.Year, 1, 1);
            if (from > to) to = from; // only a start after today was given
            Guid? fundId = Guid.TryParse(request.Fund, out var id) ? id : null;

            var funds = await db.Set<Fund>().AsNoTracking().Where(x => fundId == null || x.Id == fundId).OrderBy(x => x.Code).ToListAsync(cancellationToken);
            var accounts = await db.Set<LedgerAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
            var current = await BookTotals.CurrentAsync(db, fundId, cancellationToken);
            var moves = await BookTotals.MovementsSinceAsync(db, from, to, fundId, cancellationToken);

            bool IsCash(LedgerAccount a) => a.SystemKey is ChartOfAccounts.Bank or ChartOfAccounts.Cash;
            bool IsInKind(LedgerAccount a) => a.SystemKey is ChartOfAccounts.Inventory;

            var statements = funds.Select(fund =>
            {
                var keys = current.Keys.Concat(moves.Keys).Where(k => k.Fund == fund.Id).Select(k => k.Account).Distinct().ToList();
                decimal openingCash = 0, openingInKind = 0, closingCash = 0, closingInKind = 0;
                var income = new List<(LedgerAccount A, decimal V)>();
                var spending = new List<(LedgerAccount A, decimal V)>();
                var other = new List<(LedgerAccount A, decimal V)>();
                foreach (var accountId in keys)
                {
                    var account = accounts[accountId];
                    var (within, after) = moves.GetValueOrDefault((fund.Id, accountId));
                    var closing = current.GetValueOrDefault((fund.Id, accountId)) - after;
                    var opening = closing - within;
                    if (IsCash(account)) { openingCash += opening.Balance; closingCash += closing.Balance; }
                    else if (IsInKind(account)) { openingInKind += opening.Balance; closingInKind += closing.Balance; }
                    else if (account.Type == AccountType.Income) income.Add((account, -within.Balance));
                    else if (account.Type == AccountType.Expense) spending.Add((account, within.Balance));
                    else other.Add((account, -within.Balance)); // what this account's movements did to the fund's money and goods
                }
                static IReadOnlyList<Item> Items(List<(LedgerAccount A, decimal V)> xs) =>
                    xs.Where(x => x.V != 0).OrderBy(x => x.A.Code).Select(x => new Item(x.A.Code, x.A.NameZh, x.A.NameEn, x.V)).ToList();
                return new Statement(fund.Id, fund.Code, fund.NameZh, fund.NameEn, fund.Kind, openingCash, openingInKind,
                    Items(income), Items(spending), Items(other), closingCash, closingInKind);
            }).ToList();
            return new Result(from, to, statements);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class FundsQuery : IRequest<IReadOnlyList<FundOption>>;

    public sealed class FundsHandler(AppDbContext db) : IRequestHandler<FundsQuery, IReadOnlyList<FundOption>>
    {
        public async Task<IReadOnlyList<FundOption>> Handle(FundsQuery request, CancellationToken cancellationToken) =>
            await LedgerLookups.FundsAsync(db, cancellationToken);
    }
}
