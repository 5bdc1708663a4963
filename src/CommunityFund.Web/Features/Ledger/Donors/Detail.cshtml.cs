namespace CommunityFund.Web.Features.Ledger.Donors;

/// <summary>One donor and every donation they made, reversed ones marked.</summary>
public class DetailModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id) => Data = await mediator.Send(new Query { DonorId = id });

    public sealed record Gift(Guid DonationId, DateOnly Date, string Fund, DonationChannel Channel, decimal Amount, bool Reversed, bool Consent);
    public sealed record View(Guid Id, string Name, DonorKind Kind, string? Contact, IReadOnlyList<Gift> Gifts)
    {
        public decimal Total => Gifts.Where(g => !g.Reversed).Sum(g => g.Amount);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid DonorId { get; init; }
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var donor = await db.Set<Donor>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DonorId, cancellationToken)
                        ?? throw new NotFoundException("No such donor in this tenant.");
            var gifts = await (
                from d in db.Set<Donation>()
                join f in db.Set<Fund>() on d.FundId equals f.Id
                where d.DonorId == donor.Id
                orderby d.Date descending
                select new Gift(d.Id, d.Date, f.NameZh, d.Channel, d.Amount, db.Set<JournalEntry>().Any(e => e.ReversesEntryId == d.EntryId), d.PublicListingConsent))
                .ToListAsync(cancellationToken);
            return new View(donor.Id, donor.Name, donor.Kind, donor.Contact, gifts);
        }
    }
}
