using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// The secretariat turns a confirmed award into a project: the committee already confirmed the amount, so the project
/// starts Approved, paid from the contest's fund, with the awarded version's budget lines and the default tranche plan.
/// What it takes from the award comes through the contest's hand-over port (<see cref="IAwardHandOver"/>).
/// </summary>
public class FromAwardModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = new([], null);

    public async Task OnGetAsync(Guid? item)
    {
        Input.AwardItemId = item ?? Guid.Empty;
        Input.Mode = nameof(FundingMode.Advance);
        await ReloadAsync();
        if (Data.Chosen is { } c)
        {
            Input.StartDate = Formats.Date(c.StartDate ?? clock.Today());
            Input.EndDate = c.EndDate is { } end ? Formats.Date(end) : "";
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Projects.CreatedNotice"].Value;
        return RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { AwardItemId = Input.AwardItemId == Guid.Empty ? null : Input.AwardItemId });

    public sealed record Candidate(Guid AwardItemId, string Contest, int ProposalNumber, string Title, string Organisation, decimal Amount, decimal Requested);

    public sealed record ChosenLine(string Item, BudgetKind Kind, decimal Subtotal);

    public sealed record Chosen(Candidate Award, int Version, DateOnly? StartDate, DateOnly? EndDate, string FundZh, string FundEn, IReadOnlyList<ChosenLine> Lines)
    {
        public decimal LinesTotal => Lines.Sum(l => l.Subtotal);
        public IReadOnlyList<decimal> PlanAmounts => TranchePlan.Amounts(Award.Amount, TranchePlan.Default.Select(p => p.Percent).ToList());
    }

    public sealed record View(IReadOnlyList<Candidate> Candidates, Chosen? Chosen);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<View>
    {
        public Guid? AwardItemId { get; init; }
    }

    /// <summary>Confirmed award items with money whose proposal has no project yet.</summary>
    public static async Task<List<Candidate>> CandidatesAsync(AppDbContext db, IAwardHandOver awards, CancellationToken ct)
    {
        var confirmed = await awards.ConfirmedAsync(ct);
        var ids = confirmed.Select(a => (Guid?)a.ProposalId).ToList();
        var taken = await db.Set<Project>().Where(x => ids.Contains(x.ProposalId)).Select(x => x.ProposalId).ToListAsync(ct);
        return confirmed.Where(a => !taken.Contains(a.ProposalId))
            .Select(a => new Candidate(a.AwardItemId, a.Contest, a.ProposalNumber, a.Title, a.Organisation, a.Amount, a.Requested)).ToList();
    }

    public sealed class QueryHandler(AppDbContext db, IAwardHandOver awards, IFundDirectory funds) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var candidates = await CandidatesAsync(db, awards, cancellationToken);
            Chosen? chosen = null;
            if (request.AwardItemId is { } itemId && candidates.FirstOrDefault(c => c.AwardItemId == itemId) is { } award
                && await awards.FindAsync(itemId, cancellationToken) is { Version: { } version } source
                && await funds.FindAsync(source.PayingFundId, cancellationToken) is { } fund)
            {
                chosen = new Chosen(award, version.Number, version.StartDate, version.EndDate, fund.NameZh, fund.NameEn,
                    version.Lines.Select(l => new ChosenLine(l.Item, l.Kind, l.Subtotal)).ToList());
            }
            return new View(candidates, chosen);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public Guid AwardItemId { get; set; }
        public string Mode { get; set; } = "";
        public string StartDate { get; set; } = "";
        public string EndDate { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"award-item:{AwardItemId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l)
        {
            RuleFor(c => c.AwardItemId).NotEqual(Guid.Empty).WithMessage(_ => t["FromAward.ChooseAward"]);
            RuleFor(c => c.Mode).Must(m => ProjectInputs.TryEnum<FundingMode>(m, out _)).WithMessage(_ => t["Project.ModeRequired"]);
            RuleFor(c => c.StartDate).ValidDate(l);
            RuleFor(c => c.EndDate).ValidDate(l);
            RuleFor(c => c.EndDate)
                .Must((c, end) => InputRules.Date(end) >= InputRules.Date(c.StartDate))
                .When(c => InputRules.TryDate(c.StartDate, out _) && InputRules.TryDate(c.EndDate, out _))
                .WithMessage(_ => t["Project.EndBeforeStart"]);
        }
    }

    public sealed class Handler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IAwardHandOver awards,
        IStringLocalizer<ProjectResource> t) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            // The award item's row lock first: two secretaries creating from the same award run one after the other,
            // and the second sees the first one's project.
            var award = await awards.LockAsync(request.AwardItemId, cancellationToken)
                        ?? throw new NotFoundException("No such award item in this tenant.");
            if (!award.Confirmed) throw Refusal.Because(t["FromAward.NotConfirmed"]);
            if (award.Amount <= 0) throw Refusal.Because(t["FromAward.NotFunded"]);
            if (await db.Set<Project>().AnyAsync(x => x.ProposalId == award.ProposalId, cancellationToken))
                throw Refusal.Because(t["FromAward.AlreadyProject"]);
            var version = award.Version ?? throw Refusal.Because(t["FromAward.NoVersion"]);

            var project = new Project
            {
                Number = await GrantNumbers.NextProjectAsync(db, tenant, cancellationToken),
                Title = version.Title.Trim().Length > 0 ? Truncate(version.Title.Trim(), Project.TitleMax) : Truncate(award.ProposalTitle, Project.TitleMax),
                OrganisationId = award.OrganisationId,
                ContestId = award.ContestId,
                ProposalId = award.ProposalId,
                ProposalVersion = version.Number,
                ApprovedAmount = award.Amount,
                PayingFundId = award.PayingFundId,
                Mode = ProjectInputs.Parse<FundingMode>(request.Mode),
                // The committee confirmed the award list: no second approval for the grant itself.
                Status = ProjectStatus.Approved,
                StartDate = InputRules.Date(request.StartDate),
                EndDate = InputRules.Date(request.EndDate),
                CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(project);
            ProjectSetup.AddLines(db, project, version.Lines.Select(l => (l.Item, l.Kind, l.Subtotal, (decimal?)l.Subtotal)));
            ProjectSetup.AddDefaultPlan(db, project);
            return project.Id;
        }

        private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
    }
}
