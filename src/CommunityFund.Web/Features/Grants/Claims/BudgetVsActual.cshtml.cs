using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>
/// Budget vs actual for one project: per budget line approved, spent (settled claim lines), pending (claims under way)
/// and remaining; the advance (paid tranches) is project-level, shown as its own row. CSV export (UTF-8 with BOM).
/// </summary>
public class BudgetVsActualModel(IMediator mediator, IStringLocalizer<ClaimResource> t) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid projectId) => Data = await mediator.Send(new Query { ProjectId = projectId });

    public async Task<IActionResult> OnGetCsvAsync(Guid projectId)
    {
        var d = await mediator.Send(new Query { ProjectId = projectId });
        var rows = d.Lines.Select(l => new object?[] { l.Item, l.Approved, null, l.Spent, l.Pending, l.Remaining }).ToList();
        rows.Add([t["Budget.AdvanceRow"].Value, null, d.Advanced, null, null, null]);
        rows.Add([t["Budget.Total"].Value, d.Approved, d.Advanced, d.Spent, d.Pending, d.Remaining]);
        var table = new Table(t["Budget.Sheet"], [t["Budget.Item"], t["Budget.Approved"], t["Budget.Advanced"], t["Budget.Spent"], t["Budget.Pending"], t["Budget.Remaining"]],
            Tables.Rows(rows));
        return new StreamedDownload(Tables.CsvType, $"budget-vs-actual-{d.ProjectNumber}.csv", (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
    }

    public sealed record Line(Guid Id, string Item, decimal Approved, decimal Spent, decimal Pending)
    {
        public decimal Remaining => Approved - Spent - Pending;
    }

    public sealed record View(Guid ProjectId, int ProjectNumber, string Title, FundingMode Mode, decimal Advanced, IReadOnlyList<Line> Lines)
    {
        public decimal Approved => Lines.Sum(l => l.Approved);
        public decimal Spent => Lines.Sum(l => l.Spent);
        public decimal Pending => Lines.Sum(l => l.Pending);
        public decimal Remaining => Lines.Sum(l => l.Remaining);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProjectId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var p = await ProjectAccess.OpenAsync(db, user, request.ProjectId, cancellationToken);
            return await BuildAsync(db, p, cancellationToken);
        }
    }

    /// <summary>Budget vs actual of a project the caller may already read (the project page shows it too).</summary>
    public static async Task<View> BuildAsync(AppDbContext db, Project p, CancellationToken ct)
    {
        var usage = await ClaimRules.UsageAsync(db, p.Id, null, ct);
        var lines = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(ct);
        var advanced = await db.Set<Tranche>().Where(x => x.ProjectId == p.Id && x.Status == TrancheStatus.Paid).SumAsync(x => x.Amount, ct);
        return new View(p.Id, p.Number, p.Title, p.Mode, advanced, lines.Select(l =>
        {
            var u = usage.GetValueOrDefault(l.Id);
            return new Line(l.Id, l.Item, l.Approved, u.Spent, u.Pending);
        }).ToList());
    }
}
