namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>Government transfers and federation grants, newest first, with the entry each one posted.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 0, 0, 1, 1);
    [TempData] public string? Notice { get; set; }
    public bool CanRecord => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public const int PageSize = 30;

    public sealed record Row(Guid Id, InstitutionalIncomeKind Kind, DateOnly Date, string Source, string Reference, string? Purpose,
        string FundZh, string FundEn, decimal Amount, int EntryNumber);

    public sealed record Result(IReadOnlyList<Row> Rows, decimal GovernmentTotal, decimal FederationTotal, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var incomes = db.Set<InstitutionalIncome>().AsNoTracking();
            var totals = await incomes.GroupBy(i => i.Kind).Select(g => new { Kind = g.Key, Total = g.Sum(i => i.Amount), Count = g.Count() })
                .ToListAsync(cancellationToken);
            var count = totals.Sum(t => t.Count);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                from i in incomes
                join f in db.Set<Fund>() on i.FundId equals f.Id
                join e in db.Set<JournalEntry>() on i.EntryId equals e.Id
                orderby i.Date descending, i.RecordedAt descending
                select new Row(i.Id, i.Kind, i.Date, i.Source, i.Reference, i.Purpose, f.NameZh, f.NameEn, i.Amount, e.Number))
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            decimal Total(InstitutionalIncomeKind kind) => totals.Where(t => t.Kind == kind).Sum(t => t.Total);
            return new Result(rows, Total(InstitutionalIncomeKind.GovernmentTransfer), Total(InstitutionalIncomeKind.FederationGrant), page, pages);
        }
    }
}
