using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// A grant outside any contest: the secretariat prepares it and the committee approves it (maker-checker). The
/// project waits in PendingApproval until the approval's outcome moves it to Approved or Terminated.
/// </summary>
public class NewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : PageModel, IReloadOnInvalid
{
    public const int BlankLines = 5;

    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Organisations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Input.Mode = nameof(FundingMode.Advance);
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Projects.SubmittedForApprovalNotice"].Value;
        return RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync()
    {
        (Funds, Organisations) = await mediator.Send(new Query());
        while (Input.Lines.Count < BlankLines) Input.Lines.Add(new LineInput());
    }

    public sealed record Lookups(IReadOnlyList<FundOption> Funds, IReadOnlyList<(Guid Id, string Name)> Organisations);

    /// <summary>The funds to pay from and the verified organisations to fund; read by the same role as the command.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<Lookups>;

    public sealed class QueryHandler(AppDbContext db, IFundDirectory fundDirectory) : IRequestHandler<Query, Lookups>
    {
        public async Task<Lookups> Handle(Query request, CancellationToken cancellationToken)
        {
            var funds = await fundDirectory.ListAsync(cancellationToken);
            var organisations = (await db.Set<Organisation>().AsNoTracking().Where(o => o.Status == VerificationStatus.Verified)
                .OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken)).Select(o => (o.Id, o.Name)).ToList();
            return new Lookups(funds, organisations);
        }
    }

    public sealed class LineInput
    {
        public string Item { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Amount { get; set; } = "";

        public bool IsBlank => string.IsNullOrWhiteSpace(Item) && string.IsNullOrWhiteSpace(Amount);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public string OrganisationId { get; set; } = "";
        public string Title { get; set; } = "";
        public string Amount { get; set; } = "";
        public string FundId { get; set; } = "";
        public string Mode { get; set; } = "";
        public string StartDate { get; set; } = "";
        public string EndDate { get; set; } = "";
        public List<LineInput> Lines { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => Title.Trim().Length > 150 ? Title.Trim()[..150] : Title.Trim();
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l, AppDbContext db, IFundDirectory funds)
        {
            RuleFor(c => c.OrganisationId).Cascade(CascadeMode.Stop)
                .Must(id => ProjectInputs.TryId(id, out _)).WithMessage(_ => t["Project.OrganisationRequired"])
                .MustAsync((id, ct) => db.Set<Organisation>().AnyAsync(o => o.Id == Guid.Parse(id) && o.Status == VerificationStatus.Verified, ct))
                .WithMessage(_ => t["Project.OrganisationNotVerified"]);
            RuleFor(c => c.Title).Must(x => !string.IsNullOrWhiteSpace(x)).WithMessage(_ => t["Project.TitleRequired"])
                .Must(x => x.Trim().Length <= Project.TitleMax).WithMessage(_ => t["Project.TitleTooLong", Project.TitleMax]);
            RuleFor(c => c.Amount).ValidAmount(l);
            RuleFor(c => c.FundId).Cascade(CascadeMode.Stop)
                .Must(id => ProjectInputs.TryId(id, out _)).WithMessage(_ => t["Project.FundRequired"])
                .MustAsync((id, ct) => funds.ExistsAsync(Guid.Parse(id), ct)).WithMessage(_ => l["Ledger.UnknownFund"]);
            RuleFor(c => c.Mode).Must(m => ProjectInputs.TryEnum<FundingMode>(m, out _)).WithMessage(_ => t["Project.ModeRequired"]);
            RuleFor(c => c.StartDate).ValidDate(l);
            RuleFor(c => c.EndDate).ValidDate(l);
            RuleFor(c => c.EndDate)
                .Must((c, end) => InputRules.Date(end) >= InputRules.Date(c.StartDate))
                .When(c => InputRules.TryDate(c.StartDate, out _) && InputRules.TryDate(c.EndDate, out _))
                .WithMessage(_ => t["Project.EndBeforeStart"]);
            RuleFor(c => c.Lines)
                .Must(lines => lines.Any(x => !x.IsBlank)).WithMessage(_ => t["Budget.AtLeastOneLine"])
                .Must(lines => lines.Count(x => !x.IsBlank) <= ProjectBudget.MaxLines).WithMessage(_ => t["Budget.TooManyLines", ProjectBudget.MaxLines]);
            RuleForEach(c => c.Lines).Where(x => !x.IsBlank).ChildRules(line =>
            {
                line.RuleFor(x => x.Item).Must(x => !string.IsNullOrWhiteSpace(x)).WithMessage(_ => t["Budget.ItemRequired"])
                    .Must(x => x.Trim().Length <= ProjectBudgetLine.ItemMax).WithMessage(_ => t["Budget.ItemTooLong", ProjectBudgetLine.ItemMax]);
                line.RuleFor(x => x.Kind).Must(k => ProjectInputs.TryEnum<BudgetKind>(k, out _)).WithMessage(_ => t["Budget.KindRequired"]);
                line.RuleFor(x => x.Amount).ValidAmount(l);
            });
            RuleFor(c => c.Lines)
                .Must((c, lines) => Total(lines) <= InputRules.Amount(c.Amount))
                .When(c => MoneyInput.Parse(c.Amount, out _) == MoneyInput.Problem.None
                           && c.Lines.Where(x => !x.IsBlank).All(x => MoneyInput.Parse(x.Amount, out _) == MoneyInput.Problem.None))
                .WithMessage(c => t["Budget.OverApproved", Formats.Money(Total(c.Lines)), Formats.Money(InputRules.Amount(c.Amount))]);
        }
    }

    private static decimal Total(IEnumerable<LineInput> lines) => lines.Where(x => !x.IsBlank).Sum(x => InputRules.Amount(x.Amount));

    public sealed class Handler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, ApprovalService approvals,
        IStringLocalizer<ProjectResource> t) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var organisation = await db.Set<Organisation>().AsNoTracking().SingleAsync(o => o.Id == Guid.Parse(request.OrganisationId), cancellationToken);
            var project = new Project
            {
                Number = await GrantNumbers.NextProjectAsync(db, tenant, cancellationToken),
                Title = request.Title.Trim(),
                OrganisationId = organisation.Id,
                ApprovedAmount = InputRules.Amount(request.Amount),
                PayingFundId = Guid.Parse(request.FundId),
                Mode = ProjectInputs.Parse<FundingMode>(request.Mode),
                Status = ProjectStatus.PendingApproval,
                StartDate = InputRules.Date(request.StartDate),
                EndDate = InputRules.Date(request.EndDate),
                CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(project);
            ProjectSetup.AddLines(db, project, request.Lines.Where(x => !x.IsBlank)
                .Select(x => (x.Item, ProjectInputs.Parse<BudgetKind>(x.Kind), InputRules.Amount(x.Amount), (decimal?)null)));
            ProjectSetup.AddDefaultPlan(db, project);
            string summary;
            using (Cultures.Use(Cultures.Chinese))
                summary = t["Approval.GrantSummary", project.Number, project.Title, organisation.Name, Formats.Money(project.ApprovedAmount)].Value;
            await approvals.RequestAsync(ApprovalKind.Grant, project.Id, organisation.Id, project.ApprovedAmount, summary, cancellationToken);
            return project.Id;
        }
    }
}
