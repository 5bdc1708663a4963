namespace CommunityFund.Web.Features.Ledger.Donors;

/// <summary>The donor register: who has given, how often and how much (not counting reversed donations).</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 1, 1);
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Search = Q, Page = p });

    public const int PageSize = 30;

    public sealed record Row(Guid Id, string Name, DonorKind Kind, int Count, decimal Total, DateOnly? Last);
    public sealed record Result(IReadOnlyList<Row> Rows, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public string? Search { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var donors = db.Set<Donor>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(request.Search)) donors = donors.Where(d => d.Name.Contains(request.Search.Trim()));
            var count = await donors.CountAsync(cancellationToken);
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var standing = Standing(db);
            var rows = await donors
                .Select(d => new
                {
                    d.Id, d.Name, d.Kind,
                    Count = standing.Count(x => x.DonorId == d.Id),
                    Total = standing.Where(x => x.DonorId == d.Id).Sum(x => (decimal?)x.Amount) ?? 0,
                    Last = standing.Where(x => x.DonorId == d.Id).Max(x => (DateOnly?)x.Date),
                })
                .OrderByDescending(d => d.Total).ThenBy(d => d.Name)
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new Result(rows.Select(r => new Row(r.Id, r.Name, r.Kind, r.Count, r.Total, r.Last)).ToList(), page, pages);
        }
    }

    /// <summary>Donations whose entry has not been reversed.</summary>
    public static IQueryable<Donation> Standing(AppDbContext db) =>
        db.Set<Donation>().Where(d => !db.Set<JournalEntry>().Any(e => e.ReversesEntryId == d.EntryId));
}
