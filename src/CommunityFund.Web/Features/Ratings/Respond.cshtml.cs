using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ratings;

/// <summary>The secretariat records that it called a poor rater back, then what it fixed; each closes its time-limited step.</summary>
public class RespondModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RatingsResource> t) : PageModel, IReloadOnInvalid
{
    public DetailModel.View Data { get; private set; } = null!;
    [BindProperty] public Respond Input { get; set; } = new();
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id, string? kind)
    {
        Data = await mediator.Send(new Query { Id = id });
        Input = new Respond { RatingId = id, Kind = kind ?? "" };
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.RatingId = id;
        await mediator.Send(Input);
        Notice = t["Respond.Saved." + Input.Kind];
        return RedirectToPage("/Ratings/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { Id = Input.RatingId });

    /// <summary>The rating as its detail page shows it, for the secretariat only (the form is theirs).</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<DetailModel.View>
    {
        public Guid Id { get; init; }
    }

    public sealed class QueryHandler(IMediator mediator) : IRequestHandler<Query, DetailModel.View>
    {
        public Task<DetailModel.View> Handle(Query request, CancellationToken cancellationToken) =>
            mediator.Send(new DetailModel.Query { Id = request.Id }, cancellationToken);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Respond : ICommand<Unit>, IHasAuditTarget
    {
        public Guid RatingId { get; set; }
        public string Kind { get; set; } = "";
        public string Note { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{RatingId} {Kind}";
    }

    public sealed class Validator : AbstractValidator<Respond>
    {
        public Validator(IStringLocalizer<RatingsResource> t)
        {
            RuleFor(c => c.Kind).Must(k => Enum.TryParse<RatingResponseKind>(k, out var kind) && Enum.IsDefined(kind) && !int.TryParse(k, out _))
                .WithMessage(_ => t["Respond.UnknownKind"]);
            RuleFor(c => c.Note).Cascade(CascadeMode.Stop)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Respond.NoteRequired"])
                .Must(n => n.Trim().Length <= RatingResponse.NoteMax).WithMessage(_ => t["Respond.NoteTooLong", RatingResponse.NoteMax]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, UnitOfWork unitOfWork, Handoffs handoffs,
        IStringLocalizer<RatingsResource> t, IStringLocalizer<NotificationResource> n) : IRequestHandler<Respond, Unit>
    {
        public async Task<Unit> Handle(Respond request, CancellationToken cancellationToken)
        {
            var rating = await db.Set<ServiceRating>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.RatingId && r.Round == 1, cancellationToken)
                         ?? throw new NotFoundException("No such rating in this tenant.");
            if (!RatingRules.IsPoor(rating.Level)) throw Refusal.Because(t["Respond.NotPoor"]);
            var kind = Enum.Parse<RatingResponseKind>(request.Kind);
            var done = await db.Set<RatingResponse>().Where(x => x.RatingId == rating.Id).Select(x => x.Kind).ToListAsync(cancellationToken);
            if (done.Contains(kind)) throw Refusal.Because(t["Respond.Already." + kind]);
            if (kind == RatingResponseKind.Fix && !done.Contains(RatingResponseKind.Callback)) throw Refusal.Because(t["Respond.CallBackFirst"]);
            var note = request.Note.Trim();
            db.Add(new RatingResponse { RatingId = rating.Id, Kind = kind, Note = note, By = user.UserId!.Value, At = clock.GetUtcNow() });
            unitOfWork.OnConflict(t["Respond.Already." + kind]);
            await handoffs.CloseStepAsync(kind == RatingResponseKind.Callback ? TimedStep.RatingCallback : TimedStep.RatingFix, rating.Id, cancellationToken);
            if (kind == RatingResponseKind.Fix)
            {
                var title = await db.Set<PendingStep>().Where(s => s.Id == rating.StepId).Select(s => s.Title).SingleAsync(cancellationToken);
                await handoffs.TellOrganisationAsync(rating.OrganisationId,
                    () => new NotificationText(n["Handoff.RatingFixed.Title", title], n["Handoff.RatingFixed.Body", title, note]),
                    "/ratings/" + rating.Id, cancellationToken);
            }
            return Unit.Value;
        }
    }
}
