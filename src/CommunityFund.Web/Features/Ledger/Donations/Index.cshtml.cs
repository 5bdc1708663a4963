namespace CommunityFund.Web.Features.Ledger.Donations;

/// <summary>Donations, newest first, with their receipts; filter by fund.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = new([], 1, 1, 0);
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];
    public Guid? Fund { get; private set; }
    public bool CanRecord => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(Guid? fund, int p = 1)
    {
        Fund = fund;
        Funds = await mediator.Send(new FundsQuery());
        Data = await mediator.Send(new Query { FundId = fund, Page = p });
    }

    public const int PageSize = 30;

    public sealed record Row(Guid Id, int? ReceiptNumber, bool Voided, DateOnly Date, string Donor, DonorKind DonorKind, bool Consent, string Fund, DonationChannel Channel, decimal Amount);
    public sealed record Result(IReadOnlyList<Row> Rows, int Page, int Pages, decimal Total);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public Guid? FundId { get; init; }
        public int Page { get; init; } = 1;
    }

    /// <summary>The funds to filter by; read by the same roles as the list.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class FundsQuery : IRequest<IReadOnlyList<FundOption>>;

    public sealed class FundsHandler(AppDbContext db) : IRequestHandler<FundsQuery, IReadOnlyList<FundOption>>
    {
        public async Task<IReadOnlyList<FundOption>> Handle(FundsQuery request, CancellationToken cancellationToken) =>
            await LedgerLookups.FundsAsync(db, cancellationToken);
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var donations = db.Set<Donation>().AsNoTracking().Where(d => request.FundId == null || d.FundId == request.FundId);
            var count = await donations.CountAsync(cancellationToken);
            var total = await donations.SumAsync(d => (decimal?)d.Amount, cancellationToken) ?? 0;
            var pages = Math.Max(1, (count + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (
                from d in donations
                join donor in db.Set<Donor>() on d.DonorId equals donor.Id
                join fund in db.Set<Fund>() on d.FundId equals fund.Id
                join r in db.Set<DonationReceipt>() on d.Id equals r.DonationId into receipts
                from r in receipts.DefaultIfEmpty()
                orderby d.Date descending, d.RecordedAt descending
                select new Row(d.Id, r != null ? r.Number : null, r != null && r.VoidedAt != null, d.Date, donor.Name, donor.Kind, d.PublicListingConsent, fund.NameZh, d.Channel, d.Amount))
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            return new Result(rows, page, pages, total);
        }
    }
}
