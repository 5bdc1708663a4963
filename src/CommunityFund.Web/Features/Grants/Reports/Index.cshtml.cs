using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>A project's mid-term and final reports, newest first, with links to submit one when the organisation may.</summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid projectId) => Data = await mediator.Send(new Query { ProjectId = projectId });

    public sealed record Row(Guid Id, ReportKind Kind, ReportStatus Status, DateTimeOffset SubmittedAt, int BeneficiariesReached, int ActivitiesHeld, int Files);

    /// <summary>The project's header and reports; <see cref="MayMidterm"/>/<see cref="MayFinal"/> when the viewer may submit one now.</summary>
    public sealed record View(Guid ProjectId, int Number, string Title, ProjectStatus Status, IReadOnlyList<Row> Rows, bool MayMidterm, bool MayFinal,
        string? MidtermRefusal, string? FinalRefusal, bool IsMember);

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
            var rows = await db.Set<ProjectReport>().AsNoTracking().Where(r => r.ProjectId == p.Id).OrderByDescending(r => r.SubmittedAt)
                .Select(r => new Row(r.Id, r.Kind, r.Status, r.SubmittedAt, r.BeneficiariesReached, r.ActivitiesHeld,
                    db.Set<ReportFile>().Count(f => f.ReportId == r.Id)))
                .ToListAsync(cancellationToken);
            var member = await ReportRules.IsMemberAsync(db, user.UserId, p.OrganisationId, cancellationToken);
            var midterm = ReportRules.Refusal(ReportKind.Midterm, p.Status, rows.Where(r => r.Kind == ReportKind.Midterm).Select(r => r.Status));
            var final = ReportRules.Refusal(ReportKind.Final, p.Status, rows.Where(r => r.Kind == ReportKind.Final).Select(r => r.Status));
            return new View(p.Id, p.Number, p.Title, p.Status, rows, member && midterm is null, member && final is null, midterm, final, member);
        }
    }
}
