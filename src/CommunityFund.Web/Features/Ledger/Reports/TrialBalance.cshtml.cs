using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Ledger.Reports;

/// <summary>试算平衡表: per account, the debit and credit totals and the balance as of a date; debits equal credits.</summary>
public class TrialBalanceModel(IMediator mediator) : PageModel
{
    /// <summary>Bound from the query string: ?asOf=2021-12-31 (today when empty).</summary>
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();
    public Result? Data { get; private set; }

    public async Task OnGetAsync() => Data = await mediator.Send(Input);

    public sealed record Row(Guid AccountId, string Code, string NameZh, string NameEn, AccountType Type, decimal Debit, decimal Credit)
    {
        /// <summary>Debit − credit: positive is a debit balance, negative a credit balance.</summary>
        public decimal Balance => Debit - Credit;
    }

    public sealed record Result(DateOnly AsOf, IReadOnlyList<Row> Rows)
    {
        public decimal TotalDebit => Rows.Sum(r => r.Debit);
        public decimal TotalCredit => Rows.Sum(r => r.Credit);
        public decimal DebitBalances => Rows.Where(r => r.Balance > 0).Sum(r => r.Balance);
        public decimal CreditBalances => -Rows.Where(r => r.Balance < 0).Sum(r => r.Balance);
        public bool Balanced => TotalDebit == TotalCredit && DebitBalances == CreditBalances;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public string? AsOf { get; set; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<LedgerBooksResource> l) =>
            RuleFor(q => q.AsOf).Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"]);
    }

    public sealed class Handler(AppDbContext db, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var asOf = InputRules.TryDate(request.AsOf, out var d) ? d : clock.Today();
            var totals = await BookTotals.AsOfAsync(db, asOf, null, cancellationToken);
            var byAccount = totals.GroupBy(t => t.Key.Account).ToDictionary(g => g.Key, g => g.Aggregate(new Totals(), (sum, x) => sum + x.Value));
            var accounts = await db.Set<LedgerAccount>().AsNoTracking().OrderBy(a => a.Code).ToListAsync(cancellationToken);
            var rows = accounts.Select(a =>
            {
                var t = byAccount.GetValueOrDefault(a.Id);
                return new Row(a.Id, a.Code, a.NameZh, a.NameEn, a.Type, t.Debit, t.Credit);
            }).ToList();
            return new Result(asOf, rows);
        }
    }

    /// <summary>"借 ¥100.00", "贷 ¥50.00" or "平" — how Chinese books show a balance and its side.</summary>
    public static string Side(IStringLocalizer<LedgerBooksResource> l, decimal balance) =>
        balance > 0 ? l["Books.Side.Debit", Formats.Money(balance)]
        : balance < 0 ? l["Books.Side.Credit", Formats.Money(-balance)]
        : l["Books.Side.Even"];
}
