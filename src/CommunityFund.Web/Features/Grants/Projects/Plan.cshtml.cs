using FluentValidation.Results;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// The tranche plan editor: percentages of the approved amount with a condition each, adding up to exactly 100. Only
/// tranches not yet sent to the committee (planned or rejected) change; requested, approved and paid ones stay fixed.
/// </summary>
public class PlanModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : PageModel, IReloadOnInvalid
{
    public const int BlankRows = 2;

    [BindProperty] public EditPlan Input { get; set; } = new();
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id)
    {
        Input.ProjectId = id;
        await ReloadAsync();
        Input.Rows = Data.Tranches.Where(x => x.Editable)
            .Select(x => new PlanRow { Percent = x.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture), Condition = x.Condition.ToString() }).ToList();
        Pad();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ProjectId = id;
        await mediator.Send(Input);
        TempData["Notice"] = t["Plan.SavedNotice"].Value;
        return RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new Query { ProjectId = Input.ProjectId });
        Pad();
    }

    private void Pad()
    {
        while (Input.Rows.Count < Data.Tranches.Count(x => x.Editable) + BlankRows) Input.Rows.Add(new PlanRow());
    }

    public sealed record TrancheView(int Sequence, int Percent, decimal Amount, TrancheCondition Condition, TrancheStatus Status, bool Editable);

    public sealed record View(Guid Id, int Number, string Title, decimal ApprovedAmount, ProjectStatus Status, IReadOnlyList<TrancheView> Tranches)
    {
        public IReadOnlyList<TrancheView> Fixed => Tranches.Where(x => !x.Editable).ToList();
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
            var tranches = await db.Set<Tranche>().AsNoTracking().Where(x => x.ProjectId == p.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var firstEditable = EditPlanHandler.FirstEditable(tranches);
            return new View(p.Id, p.Number, p.Title, p.ApprovedAmount, p.Status,
                tranches.Select((x, i) => new TrancheView(x.Sequence, x.Percent, x.Amount, x.Condition, x.Status, i >= firstEditable)).ToList());
        }
    }

    /// <summary>One row of the plan; a row with no percentage is ignored.</summary>
    public sealed class PlanRow
    {
        public string Percent { get; set; } = "";
        public string Condition { get; set; } = "";

        public bool IsBlank => string.IsNullOrWhiteSpace(Percent);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class EditPlan : ICommand<int>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public List<PlanRow> Rows { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:" + string.Join("/", Rows.Where(r => !r.IsBlank).Select(r => r.Percent.Trim()));
    }

    public sealed class Validator : AbstractValidator<EditPlan>
    {
        public Validator(IStringLocalizer<ProjectResource> t)
        {
            RuleForEach(c => c.Rows).Where(x => !x.IsBlank).ChildRules(row =>
            {
                row.RuleFor(x => x.Percent).Must(p => ProjectInputs.TryPercent(p, out _)).WithMessage(_ => t["Plan.PercentInvalid"]);
                row.RuleFor(x => x.Condition).Must(c => ProjectInputs.TryEnum<TrancheCondition>(c, out _)).WithMessage(_ => t["Plan.ConditionRequired"]);
            });
        }
    }

    public sealed class EditPlanHandler(AppDbContext db, ITenantContext tenant, IStringLocalizer<ProjectResource> t) : IRequestHandler<EditPlan, int>
    {
        /// <summary>
        /// Index of the first tranche the editor may change: everything up to the last tranche that went to the
        /// committee stays (tranches are requested in sequence, so that is a prefix of the plan).
        /// </summary>
        public static int FirstEditable(IReadOnlyList<Tranche> ordered)
        {
            var last = -1;
            for (var i = 0; i < ordered.Count; i++) if (!TranchePlan.IsEditable(ordered[i].Status)) last = i;
            return last + 1;
        }

        public async Task<int> Handle(EditPlan request, CancellationToken cancellationToken)
        {
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
            if (!ProjectLifecycle.IsEditable(project.Status)) throw Refusal.Because(t["Plan.Locked", t["ProjectStatus." + project.Status]]);
            var tranches = await db.Set<Tranche>().Where(x => x.ProjectId == project.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var first = FirstEditable(tranches);
            var fixedOnes = tranches.Take(first).ToList();
            var editable = tranches.Skip(first).ToList();
            var rows = request.Rows.Where(r => !r.IsBlank)
                .Select(r => (Percent: int.Parse(r.Percent.Trim(), System.Globalization.CultureInfo.InvariantCulture), Condition: ProjectInputs.Parse<TrancheCondition>(r.Condition)))
                .ToList();

            var total = fixedOnes.Sum(x => x.Percent) + rows.Sum(r => r.Percent);
            if (total != 100) throw Refusal.Because(t["Plan.Not100", total]);
            if (fixedOnes.Count + rows.Count > TranchePlan.MaxTranches) throw Refusal.Because(t["Plan.TooMany", TranchePlan.MaxTranches]);
            var amounts = TranchePlan.Amounts(project.ApprovedAmount, rows.Select(r => r.Percent).ToList(), fixedOnes.Sum(x => x.Amount));
            if (amounts.Any(a => a <= 0)) throw new ValidationException([new ValidationFailure("", t["Plan.AmountNotPositive"])]);

            var changes = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                if (i < editable.Count)
                {
                    var x = editable[i];
                    if (x.Percent == rows[i].Percent && x.Condition == rows[i].Condition && x.Amount == amounts[i]) continue;
                    x.Percent = rows[i].Percent;
                    x.Condition = rows[i].Condition;
                    x.Amount = amounts[i];
                    // A re-planned tranche starts over: the committee's earlier rejection was about other terms.
                    x.Status = TrancheStatus.Planned;
                    x.Version++;
                }
                else
                {
                    db.Add(new Tranche
                    {
                        ProjectId = project.Id, Sequence = first + i + 1, Percent = rows[i].Percent, Condition = rows[i].Condition, Amount = amounts[i],
                        Status = TrancheStatus.Planned,
                    });
                }
                changes++;
            }
            foreach (var surplus in editable.Skip(rows.Count))
            {
                db.Remove(surplus);
                changes++;
            }
            return changes;
        }
    }
}
