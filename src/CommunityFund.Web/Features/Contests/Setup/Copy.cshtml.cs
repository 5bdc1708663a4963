using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>
/// Copy a contest for the next round: the whole setup (themes, budget, cap, paying fund, rubric, weights, trimming and
/// vote rules, notice days) is carried over into a new Draft with the dates moved on by a year, to be adjusted before
/// it opens. Proposals, judges and scores stay with their own round.
/// </summary>
public class CopyModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    public string SourceTitle { get; private set; } = "";

    public async Task OnGetAsync(Guid id)
    {
        SourceTitle = await mediator.Send(new TitleQuery { ContestId = id });
        Input.Title = t["Contests.CopyTitle", SourceTitle].Value;
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ContestId = id;
        var copy = await mediator.Send(Input);
        TempData["Notice"] = t["Contests.CopiedNotice"].Value;
        return RedirectToPage("/Contests/Setup/Edit", new { tenant = tenant.Current!.Identifier, id = copy });
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class TitleQuery : IRequest<string>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class TitleHandler(AppDbContext db) : IRequestHandler<TitleQuery, string>
    {
        public async Task<string> Handle(TitleQuery request, CancellationToken cancellationToken) =>
            await db.Set<Contest>().Where(c => c.Id == request.ContestId).Select(c => c.Title).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("No such contest in this tenant.");
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public string Title { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ContestId} → {Title}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ContestResource> t)
        {
            RuleFor(c => c.Title).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Contests.TitleRequired"])
                .MaximumLength(Contest.TitleMax).WithMessage(_ => t["Field.TooLong", Contest.TitleMax]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var source = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                         ?? throw new NotFoundException("No such contest in this tenant.");
            var copy = new Contest
            {
                Title = request.Title.Trim(),
                Description = source.Description,
                Categories = source.Categories,
                TotalBudget = source.TotalBudget,
                PerProjectCap = source.PerProjectCap,
                PayingFundId = source.PayingFundId,
                Stage = ContestStage.Draft,
                CollectOpens = source.CollectOpens.AddYears(1),
                CollectCloses = source.CollectCloses.AddYears(1),
                RefineUntil = source.RefineUntil.AddYears(1),
                RoadshowDate = source.RoadshowDate.AddYears(1),
                ScoringCloses = source.ScoringCloses.AddYears(1),
                NoticeDays = source.NoticeDays,
                RubricJson = source.RubricJson,
                ExpertWeight = source.ExpertWeight,
                ResidentWeight = source.ResidentWeight,
                TrimWhenAtLeast = source.TrimWhenAtLeast,
                ResidentVoteLimit = source.ResidentVoteLimit,
                CopiedFromId = source.Id,
                CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(copy);
            return copy.Id;
        }
    }
}
