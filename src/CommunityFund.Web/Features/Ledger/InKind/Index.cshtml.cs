namespace CommunityFund.Web.Features.Ledger.InKind;

/// <summary>In-kind donations, newest first: donor, fund, the goods and their appraised total.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 0, 1, 1);
    [TempData] public string? Notice { get; set; }
    public bool CanRecord => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(int p = 1) => Data = await mediator.Send(new Query { Page = p });

    public const int PageSize = 30;

    public sealed record Line(string Name, decimal Quantity, string Unit, decimal UnitValue, decimal Subtotal);
    public sealed record Row(Guid Id, DateOnly Date, string Donor, DonorKind DonorKind, string FundZh, string FundEn, string ValuationBasis,
        decimal Total, int EntryNumber, IReadOnlyList<Line> Lines);
    public sealed record Result(IReadOnlyList<Row> Rows, decimal Total, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public int Page { get; init; } = 1;
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var donations = db.Set<InKindDonation>().AsNoTracking();
            var count = await donations.CountAsync(cancellationToken);
            var total = await donations.SumAsync(d => (decimal?)d.Total, cancellationToken) ?? 0;
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var heads = await (
                from d in donations
                join donor in db.Set<Donor>() on d.DonorId equals donor.Id
                join f in db.Set<Fund>() on d.FundId equals f.Id
                join e in db.Set<JournalEntry>() on d.EntryId equals e.Id
                orderby d.Date descending, d.RecordedAt descending
                select new { d.Id, d.Date, Donor = donor.Name, DonorKind = donor.Kind, f.NameZh, f.NameEn, d.ValuationBasis, d.Total, e.Number })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var ids = heads.Select(h => h.Id).ToList();
            var lines = (await db.Set<InKindDonationItem>().AsNoTracking().Where(i => ids.Contains(i.InKindDonationId)).OrderBy(i => i.Id)
                    .ToListAsync(cancellationToken))
                .ToLookup(i => i.InKindDonationId, i => new Line(i.Name, i.Quantity, i.Unit, i.UnitValue, i.Subtotal));
            var rows = heads.Select(h => new Row(h.Id, h.Date, h.Donor, h.DonorKind, h.NameZh, h.NameEn, h.ValuationBasis, h.Total, h.Number,
                lines[h.Id].ToList())).ToList();
            return new Result(rows, total, page, pages);
        }
    }
}
