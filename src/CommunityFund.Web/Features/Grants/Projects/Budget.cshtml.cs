using FluentValidation.Results;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// The secretariat adjusts the approved budget lines: every changed amount, added line and removed line carries a
/// reason, and the lines never add up to more than the approved amount afterwards.
/// </summary>
public class BudgetModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : PageModel, IReloadOnInvalid
{
    public const int BlankLines = 3;

    [BindProperty] public AdjustBudget Input { get; set; } = new();
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id)
    {
        Input.ProjectId = id;
        await ReloadAsync();
        Input.Lines = Data.Lines.Select(l => new LineEdit { LineId = l.Id, Item = l.Item, Kind = l.Kind.ToString(), Approved = Money(l.Approved) }).ToList();
        Pad();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ProjectId = id;
        await mediator.Send(Input);
        TempData["Notice"] = t["Budget.SavedNotice"].Value;
        return RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new Query { ProjectId = Input.ProjectId });
        Pad();
    }

    private void Pad()
    {
        while (Input.Lines.Count(l => l.LineId is null) < BlankLines) Input.Lines.Add(new LineEdit());
    }

    public static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public sealed record LineView(Guid Id, string Item, BudgetKind Kind, decimal? Proposed, decimal Approved, string? Reason);

    public sealed record View(Guid Id, int Number, string Title, decimal ApprovedAmount, ProjectStatus Status, IReadOnlyList<LineView> Lines)
    {
        public decimal LinesTotal => Lines.Sum(l => l.Approved);
        public LineView? Line(Guid? id) => Lines.FirstOrDefault(l => l.Id == id);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProjectId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = await db.Set<Project>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.ProjectId, cancellationToken)
                    ?? throw new NotFoundException("No such project in this tenant.");
            var lines = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position)
                .Select(l => new LineView(l.Id, l.Item, l.Kind, l.Proposed, l.Approved, l.AdjustmentReason)).ToListAsync(cancellationToken);
            return new View(p.Id, p.Number, p.Title, p.ApprovedAmount, p.Status, lines);
        }
    }

    /// <summary>One row of the editor: an existing line (LineId set) or a new one; a blank new row is ignored.</summary>
    public sealed class LineEdit
    {
        public Guid? LineId { get; set; }
        public string Item { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Approved { get; set; } = "";
        public string Reason { get; set; } = "";
        public bool Remove { get; set; }

        public bool IsBlankNew => LineId is null && string.IsNullOrWhiteSpace(Item) && string.IsNullOrWhiteSpace(Approved);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class AdjustBudget : ICommand<int>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public List<LineEdit> Lines { get; set; } = [];

        /// <summary>The reasons for removed lines go to the audit log: the row itself is gone.</summary>
        string? IHasAuditTarget.AuditTarget
        {
            get
            {
                var removed = string.Join("; ", Lines.Where(l => l.Remove && l.LineId is not null).Select(l => $"-{l.Item.Trim()}: {l.Reason.Trim()}"));
                var text = removed.Length == 0 ? ProjectId.ToString() : $"{ProjectId} {removed}";
                return text.Length > 200 ? text[..200] : text;
            }
        }
    }

    public sealed class Validator : AbstractValidator<AdjustBudget>
    {
        public Validator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l)
        {
            RuleFor(c => c.Lines).Must(lines => lines.Count(x => !x.IsBlankNew) <= ProjectBudget.MaxLines).WithMessage(_ => t["Budget.TooManyLines", ProjectBudget.MaxLines]);
            RuleForEach(c => c.Lines).Where(x => !x.IsBlankNew).ChildRules(line =>
            {
                line.RuleFor(x => x.Item).Must(x => !string.IsNullOrWhiteSpace(x)).When(x => x.LineId is null).WithMessage(_ => t["Budget.ItemRequired"])
                    .Must(x => x.Trim().Length <= ProjectBudgetLine.ItemMax).When(x => x.LineId is null).WithMessage(_ => t["Budget.ItemTooLong", ProjectBudgetLine.ItemMax]);
                line.RuleFor(x => x.Kind).Must(k => ProjectInputs.TryEnum<BudgetKind>(k, out _)).When(x => x.LineId is null).WithMessage(_ => t["Budget.KindRequired"]);
                line.RuleFor(x => x.Approved).ValidAmount(l).When(x => !x.Remove);
                line.RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).When(x => x.LineId is null || x.Remove)
                    .WithMessage(x => x.Remove ? t["Budget.RemoveReasonRequired"] : t["Budget.AddReasonRequired"]);
                line.RuleFor(x => x.Reason).Must(r => r.Trim().Length <= ProjectBudgetLine.ReasonMax).WithMessage(_ => t["Budget.ReasonTooLong", ProjectBudgetLine.ReasonMax]);
            });
        }
    }

    public sealed class Handler(AppDbContext db, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : IRequestHandler<AdjustBudget, int>
    {
        public async Task<int> Handle(AdjustBudget request, CancellationToken cancellationToken)
        {
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
            if (!ProjectLifecycle.IsEditable(project.Status)) throw Refusal.Because(t["Budget.Locked", t["ProjectStatus." + project.Status]]);
            var lines = await db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == project.Id).OrderBy(l => l.Position).ToListAsync(cancellationToken);
            var failures = new List<ValidationFailure>();
            var changes = 0;
            var position = lines.Count == 0 ? 0 : lines.Max(l => l.Position);

            for (var i = 0; i < request.Lines.Count; i++)
            {
                var edit = request.Lines[i];
                if (edit.IsBlankNew) continue;
                var reason = edit.Reason.Trim();
                if (edit.LineId is null)
                {
                    db.Add(new ProjectBudgetLine
                    {
                        ProjectId = project.Id, Position = ++position, Item = edit.Item.Trim(), Kind = ProjectInputs.Parse<BudgetKind>(edit.Kind),
                        Approved = InputRules.Amount(edit.Approved), AdjustmentReason = reason,
                    });
                    changes++;
                    continue;
                }
                var line = lines.SingleOrDefault(l => l.Id == edit.LineId) ?? throw new NotFoundException("No such budget line on this project.");
                if (edit.Remove)
                {
                    // A line that claims were charged to stays: its history is the budget-vs-actual record.
                    if (await db.Set<ExpenseClaimLine>().AnyAsync(c => c.BudgetLineId == line.Id, cancellationToken))
                        failures.Add(new ValidationFailure($"Lines[{i}].Remove", t["Budget.RemoveClaimed", line.Item]));
                    else
                    {
                        db.Remove(line);
                        lines.Remove(line);
                        changes++;
                    }
                    continue;
                }
                var amount = InputRules.Amount(edit.Approved);
                if (amount == line.Approved) continue;
                if (reason.Length == 0)
                {
                    failures.Add(new ValidationFailure($"Lines[{i}].Reason", t["Budget.ChangeReasonRequired", line.Item]));
                    continue;
                }
                line.Approved = amount;
                line.AdjustmentReason = reason;
                changes++;
            }
            if (failures.Count > 0) throw new ValidationException(failures);

            var total = lines.Sum(l => l.Approved) + db.ChangeTracker.Entries<ProjectBudgetLine>()
                .Where(e => e.State == EntityState.Added && e.Entity.ProjectId == project.Id).Sum(e => e.Entity.Approved);
            if (lines.Count + db.ChangeTracker.Entries<ProjectBudgetLine>().Count(e => e.State == EntityState.Added) == 0)
                throw Refusal.Because(t["Budget.AtLeastOneLine"]);
            if (ProjectBudget.IsOverApproved(project.ApprovedAmount, [total]))
                throw Refusal.Because(t["Budget.OverApproved", Formats.Money(total), Formats.Money(project.ApprovedAmount)]);
            return changes;
        }
    }
}
