using System.Text.Json;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ratings;

/// <summary>Rates one hand-off that served the member's organisation: a level, tags for that level and a comment.</summary>
public class RateModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RatingsResource> t) : PageModel, IReloadOnInvalid
{
    public Screen Data { get; private set; } = null!;
    [BindProperty] public Rate Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid stepId) => Data = await mediator.Send(new Query { StepId = stepId });

    public async Task<IActionResult> OnPostAsync(Guid stepId)
    {
        Input.StepId = stepId;
        var id = await mediator.Send(Input);
        Notice = t["Rate.Thanks"];
        return RedirectToPage("/Ratings/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { StepId = Input.StepId });

    public sealed record Screen(Guid StepId, TimedStep Step, string Title, DateTimeOffset ClosedAt, int Round, RatingLevel? Earlier);

    [RequiresTenantRole(TenantRole.OrgMember)]
    public sealed class Query : IRequest<Screen>
    {
        public Guid StepId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IServedOrganisations> areas,
        IStringLocalizer<RatingsResource> t) : IRequestHandler<Query, Screen>
    {
        public async Task<Screen> Handle(Query request, CancellationToken cancellationToken)
        {
            var (step, round, earlier, _) = await Rules.OpenAsync(db, user, clock, areas, t, request.StepId, cancellationToken);
            return new Screen(step.Id, step.Step, step.Title, step.ClosedAt!.Value, round, earlier?.Level);
        }
    }

    [RequiresTenantRole(TenantRole.OrgMember)]
    public sealed class Rate : ICommand<Guid>, IHasAuditTarget
    {
        public Guid StepId { get; set; }
        public string Level { get; set; } = "";
        public List<string> Tags { get; set; } = [];
        public string Comment { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{StepId} {Level}";
    }

    public sealed class Validator : AbstractValidator<Rate>
    {
        public Validator(IStringLocalizer<RatingsResource> t)
        {
            RuleFor(c => c.Level).Must(l => Rules.TryLevel(l, out _)).WithMessage(_ => t["Rate.ChooseLevel"]);
            RuleFor(c => c.Tags).Must((c, tags) => !Rules.TryLevel(c.Level, out var level) || tags.All(RatingRules.TagsFor(level).Contains))
                .WithMessage(_ => t["Rate.UnknownTag"]);
            RuleFor(c => c.Comment).Must(x => (x ?? "").Trim().Length <= ServiceRating.CommentMax).WithMessage(_ => t["Rate.CommentTooLong", ServiceRating.CommentMax]);
            RuleFor(c => c.Comment).Must((c, x) => !Rules.TryLevel(c.Level, out var level) || !RatingRules.IsPoor(level) || c.Tags.Count > 0 || !string.IsNullOrWhiteSpace(x))
                .WithMessage(_ => t["Rate.SayWhy"]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IEnumerable<IServedOrganisations> areas, UnitOfWork unitOfWork,
        Handoffs handoffs, Notifier notifier, IStringLocalizer<RatingsResource> t, IStringLocalizer<NotificationResource> n) : IRequestHandler<Rate, Guid>
    {
        public async Task<Guid> Handle(Rate request, CancellationToken cancellationToken)
        {
            var (step, round, _, organisation) = await Rules.OpenAsync(db, user, clock, areas, t, request.StepId, cancellationToken);
            Rules.TryLevel(request.Level, out var level);
            var rating = new ServiceRating
            {
                StepId = step.Id, Step = step.Step, OrganisationId = organisation, Round = round, Level = level,
                TagsJson = JsonSerializer.Serialize(request.Tags.Distinct().ToList()), Comment = (request.Comment ?? "").Trim(),
                RaterId = user.UserId!.Value, At = clock.GetUtcNow(),
            };
            db.Add(rating);
            unitOfWork.OnConflict(t["Rate.AlreadyRated"]);
            if (round == 1 && RatingRules.IsPoor(level))
            {
                // A poor rating opens two steps for the secretariat under the tenant's time limits: call back, then fix.
                var link = "/ratings/" + rating.Id;
                await handoffs.OpenStepAsync(TimedStep.RatingCallback, rating.Id, step.Title, link, TenantRole.Secretariat, cancellationToken);
                await handoffs.OpenStepAsync(TimedStep.RatingFix, rating.Id, step.Title, link, TenantRole.Secretariat, cancellationToken);
                await notifier.NotifyRoleAsync(TenantRole.Secretariat,
                    () => new NotificationText(n["Handoff.PoorRating.Title", step.Title], n["Handoff.PoorRating.Body", step.Title, n["Rating.Level." + level]]),
                    link, cancellationToken);
            }
            return rating.Id;
        }
    }

    /// <summary>Whether this member may rate this hand-off now, and which round it would be.</summary>
    internal static class Rules
    {
        public static bool TryLevel(string? text, out RatingLevel level) => Enum.TryParse(text, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);

        public static async Task<(PendingStep Step, int Round, ServiceRating? Earlier, Guid Organisation)> OpenAsync(AppDbContext db, ICurrentUser user,
            TimeProvider clock, IEnumerable<IServedOrganisations> areas, IStringLocalizer<RatingsResource> t, Guid stepId, CancellationToken ct)
        {
            var organisations = await RatingAccess.MyOrganisationsAsync(db, user, ct);
            var found = await RatingAccess.RatableStepsAsync(db, areas, organisations, clock.GetUtcNow(), stepId, ct);
            if (found.Count == 0)
            {
                // Not a hand-off that served this member's organisation (or too old to rate): say which.
                var exists = await db.Set<PendingStep>().AnyAsync(s => s.Id == stepId, ct);
                if (!exists) throw new NotFoundException("No such hand-off in this tenant.");
                throw new ForbiddenException("This hand-off did not serve your organisation, or can no longer be rated.");
            }
            var (step, organisation) = found[0];
            var ratings = await db.Set<ServiceRating>().AsNoTracking().Where(r => r.StepId == step.Id).OrderBy(r => r.Round).ToListAsync(ct);
            if (ratings.Count == 0) return (step, 1, null, organisation);
            var first = ratings[0];
            if (ratings.Count > 1) throw Refusal.Because(t["Rate.FollowUpGiven"]);
            if (!RatingRules.IsPoor(first.Level)) throw Refusal.Because(t["Rate.AlreadyRated"]);
            var fixedYet = await db.Set<RatingResponse>().AnyAsync(x => x.RatingId == first.Id && x.Kind == RatingResponseKind.Fix, ct);
            if (!fixedYet) throw Refusal.Because(t["Rate.WaitForFix"]);
            return (step, 2, first, organisation);
        }
    }
}
