using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// The secretariat turns a confirmed award into a project: the committee already confirmed the amount, so the project
/// starts Approved, paid from the contest's fund, with the awarded version's budget lines and the default tranche plan.
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
    public static IQueryable<Candidate> Candidates(AppDbContext db) =>
        from i in db.Set<AwardItem>()
        join l in db.Set<AwardList>() on i.AwardListId equals l.Id
        join c in db.Set<Contest>() on l.ContestId equals c.Id
        join p in db.Set<Proposal>() on i.ProposalId equals p.Id
        join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
        where l.Status == AwardListStatus.Confirmed && i.Amount > 0 && !db.Set<Project>().Any(x => x.ProposalId == p.Id)
        orderby c.CreatedAt, p.Number
        select new Candidate(i.Id, c.Title, p.Number, p.Title, o.Name, i.Amount, i.Requested);

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var candidates = await Candidates(db).AsNoTracking().ToListAsync(cancellationToken);
            Chosen? chosen = null;
            if (request.AwardItemId is { } itemId && candidates.FirstOrDefault(c => c.AwardItemId == itemId) is { } award)
            {
                var source = await (
                    from i in db.Set<AwardItem>()
                    join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                    join c in db.Set<Contest>() on l.ContestId equals c.Id
                    join f in db.Set<Fund>() on c.PayingFundId equals f.Id
                    join p in db.Set<Proposal>() on i.ProposalId equals p.Id
                    join v in db.Set<ProposalVersion>() on new { p.Id, N = p.LatestVersion } equals new { Id = v.ProposalId, N = v.Number }
                    where i.Id == itemId
                    select new { v.Number, v.ContentJson, f.NameZh, f.NameEn }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
                if (source is not null)
                {
                    var content = ProposalContent.FromJson(source.ContentJson);
                    chosen = new Chosen(award, source.Number, content.StartDate, content.EndDate, source.NameZh, source.NameEn,
                        content.Lines.Select(l => new ChosenLine(l.Item, l.Kind, l.Subtotal)).ToList());
                }
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

    public sealed class Handler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IStringLocalizer<ProjectResource> t)
        : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            // The award item's row lock first: two secretaries creating from the same award run one after the other,
            // and the second sees the first one's project.
            var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            await db.Database.ExecuteSqlAsync($"SELECT Id FROM AwardItems WHERE TenantId = {tenantId} AND Id = {request.AwardItemId.ToString()} FOR UPDATE", cancellationToken);

            var award = await (
                    from i in db.Set<AwardItem>()
                    join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                    join c in db.Set<Contest>() on l.ContestId equals c.Id
                    join p in db.Set<Proposal>() on i.ProposalId equals p.Id
                    where i.Id == request.AwardItemId
                    select new { Item = i, ListStatus = l.Status, Contest = c, Proposal = p })
                .AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("No such award item in this tenant.");
            if (award.ListStatus != AwardListStatus.Confirmed) throw Refusal.Because(t["FromAward.NotConfirmed"]);
            if (award.Item.Amount <= 0) throw Refusal.Because(t["FromAward.NotFunded"]);
            if (await db.Set<Project>().AnyAsync(x => x.ProposalId == award.Proposal.Id, cancellationToken))
                throw Refusal.Because(t["FromAward.AlreadyProject"]);
            var version = await db.Set<ProposalVersion>().AsNoTracking()
                              .SingleOrDefaultAsync(v => v.ProposalId == award.Proposal.Id && v.Number == award.Proposal.LatestVersion, cancellationToken)
                          ?? throw Refusal.Because(t["FromAward.NoVersion"]);
            var content = version.GetContent();

            var project = new Project
            {
                Number = await GrantNumbers.NextProjectAsync(db, tenant, cancellationToken),
                Title = content.Title.Trim().Length > 0 ? Truncate(content.Title.Trim(), Project.TitleMax) : Truncate(award.Proposal.Title, Project.TitleMax),
                OrganisationId = award.Proposal.OrganisationId,
                ContestId = award.Contest.Id,
                ProposalId = award.Proposal.Id,
                ProposalVersion = version.Number,
                ApprovedAmount = award.Item.Amount,
                PayingFundId = award.Contest.PayingFundId,
                Mode = ProjectInputs.Parse<FundingMode>(request.Mode),
                // The committee confirmed the award list: no second approval for the grant itself.
                Status = ProjectStatus.Approved,
                StartDate = InputRules.Date(request.StartDate),
                EndDate = InputRules.Date(request.EndDate),
                CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(project);
            ProjectSetup.AddLines(db, project, content.Lines.Select(l => (l.Item, l.Kind, l.Subtotal, (decimal?)l.Subtotal)));
            ProjectSetup.AddDefaultPlan(db, project);
            return project.Id;
        }

        private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
    }
}
