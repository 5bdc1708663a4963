namespace CommunityFund.Web.Features.Ratings;

/// <summary>One rating with its follow-up and the secretariat's callback and fix; the rater's organisation and staff may read it.</summary>
public class DetailModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id) => Data = await mediator.Send(new Query { Id = id });

    public sealed record RatingView(int Round, RatingLevel Level, IReadOnlyList<string> Tags, string Comment, string Rater, DateTimeOffset At);
    public sealed record ResponseView(RatingResponseKind Kind, string Note, string By, DateTimeOffset At);
    public sealed record View(Guid Id, Guid StepId, TimedStep Step, string Title, string Organisation, IReadOnlyList<RatingView> Ratings,
        IReadOnlyList<ResponseView> Responses, bool Poor, bool IsSecretariat, bool MayFollowUp)
    {
        public bool CalledBack => Responses.Any(r => r.Kind == RatingResponseKind.Callback);
        public bool Fixed => Responses.Any(r => r.Kind == RatingResponseKind.Fix);
    }

    [RequiresTenantRole(TenantRole.OrgMember, TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid Id { get; init; }
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var first = await db.Set<ServiceRating>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.Id && r.Round == 1, cancellationToken)
                        ?? throw new NotFoundException("No such rating in this tenant.");
            var mine = (await RatingAccess.MyOrganisationsAsync(db, user, cancellationToken)).Contains(first.OrganisationId);
            if (!mine && !await RatingAccess.IsStaffAsync(user, cancellationToken))
                throw new ForbiddenException("Only the organisation that gave a rating and the fund's staff may read it.");
            var ratings = await db.Set<ServiceRating>().AsNoTracking().Where(r => r.StepId == first.StepId).OrderBy(r => r.Round).ToListAsync(cancellationToken);
            var responses = await db.Set<RatingResponse>().AsNoTracking().Where(x => x.RatingId == first.Id).OrderBy(x => x.At).ToListAsync(cancellationToken);
            var step = await db.Set<PendingStep>().AsNoTracking().Where(s => s.Id == first.StepId).Select(s => new { s.Step, s.Title }).SingleAsync(cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == first.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, ratings.Select(r => r.RaterId).Concat(responses.Select(x => x.By)), cancellationToken);
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var poor = RatingRules.IsPoor(first.Level);
            var fixedYet = responses.Any(x => x.Kind == RatingResponseKind.Fix);
            return new View(first.Id, first.StepId, step.Step, step.Title, organisation,
                ratings.Select(r => new RatingView(r.Round, r.Level, r.Tags, r.Comment, names.GetValueOrDefault(r.RaterId, "—"), r.At)).ToList(),
                responses.Select(x => new ResponseView(x.Kind, x.Note, names.GetValueOrDefault(x.By, "—"), x.At)).ToList(),
                poor, roles.Contains(TenantRole.Secretariat), mine && poor && fixedYet && ratings.Count == 1);
        }
    }
}
