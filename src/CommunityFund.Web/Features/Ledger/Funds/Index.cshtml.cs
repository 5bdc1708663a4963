namespace CommunityFund.Web.Features.Ledger.Funds;

/// <summary>Every fund with what it holds: money (bank + cash) and donated goods, kept apart.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], false);
    public bool CanEdit => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public sealed record Row(Guid Id, string Code, string NameZh, string NameEn, FundKind Kind, string? Purpose, DateOnly? EndDate, decimal Cash, decimal InKind);
    public sealed record Result(IReadOnlyList<Row> Rows, bool HasChart)
    {
        public decimal TotalCash => Rows.Sum(r => r.Cash);
        public decimal TotalInKind => Rows.Sum(r => r.InKind);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>;

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var keys = new[] { ChartOfAccounts.Bank, ChartOfAccounts.Cash, ChartOfAccounts.Inventory };
            var accounts = await db.Set<LedgerAccount>().Where(a => keys.Contains(a.SystemKey)).ToDictionaryAsync(a => a.Id, a => a.SystemKey!, cancellationToken);
            var ids = accounts.Keys.ToList();
            var balances = await db.Set<FundAccountBalance>().Where(b => ids.Contains(b.AccountId))
                .Select(b => new { b.FundId, b.AccountId, Balance = b.DebitTotal - b.CreditTotal }).ToListAsync(cancellationToken);
            var funds = await db.Set<Fund>().AsNoTracking().OrderBy(f => f.Code).ToListAsync(cancellationToken);
            decimal Sum(Guid fund, params string[] which) =>
                balances.Where(b => b.FundId == fund && which.Contains(accounts[b.AccountId])).Sum(b => b.Balance);
            var rows = funds.Select(f => new Row(f.Id, f.Code, f.NameZh, f.NameEn, f.Kind, f.Purpose, f.EndDate,
                Sum(f.Id, ChartOfAccounts.Bank, ChartOfAccounts.Cash), Sum(f.Id, ChartOfAccounts.Inventory))).ToList();
            return new Result(rows, accounts.Count > 0);
        }
    }
}
