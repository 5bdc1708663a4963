using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>
/// One report: its content, photos and documents, status. The secretariat accepts it (a final report with an evaluation
/// score 0–100 in half points, which also moves a running project to its final-report stage) or returns it with a reason;
/// the organisation then submits a new one. Staff and the organisation's members read it.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ReportResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Review Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(Guid id)
    {
        Input.ReportId = id;
        await ReloadAsync();
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id) => DecideAsync(id, ReviewDecision.Accept, "Review.AcceptedNotice");

    public Task<IActionResult> OnPostReturnAsync(Guid id) => DecideAsync(id, ReviewDecision.Return, "Review.ReturnedNotice");

    private async Task<IActionResult> DecideAsync(Guid id, ReviewDecision decision, string notice)
    {
        Input.ReportId = id; // the report is the one in the address, whatever the form says
        Input.Decision = decision;
        await mediator.Send(Input);
        Notice = t[notice].Value;
        return RedirectToPage("/Grants/Reports/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ReportId = Input.ReportId });

    public sealed record FileView(Guid Id, string FileName, string ContentType, long Size)
    {
        public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
    }

    public sealed record View(Guid Id, Guid ProjectId, int ProjectNumber, string ProjectTitle, ProjectStatus ProjectStatus, decimal? EvaluationScore,
        string Organisation, ReportKind Kind, ReportStatus Status, string Outputs, int BeneficiariesReached, int ActivitiesHeld, string? ReturnReason,
        DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, IReadOnlyList<FileView> Files);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ReportId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var r = await db.Set<ProjectReport>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.ReportId, cancellationToken)
                    ?? throw new NotFoundException("No such report in this tenant.");
            var p = await ProjectAccess.OpenAsync(db, user, r.ProjectId, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var files = await db.Set<ReportFile>().AsNoTracking().Where(f => f.ReportId == r.Id).OrderBy(f => f.UploadedAt).ThenBy(f => f.FileName)
                .Select(f => new FileView(f.Id, f.FileName, f.ContentType, f.Size)).ToListAsync(cancellationToken);
            return new View(r.Id, p.Id, p.Number, p.Title, p.Status, p.EvaluationScore, organisation, r.Kind, r.Status, r.Outputs, r.BeneficiariesReached,
                r.ActivitiesHeld, r.ReturnReason, r.SubmittedAt, r.ReviewedAt, files);
        }
    }

    public enum ReviewDecision { Accept = 1, Return = 2 }

    /// <summary>The secretariat's decision on a submitted report: accept (final: with the evaluation score) or return with a reason.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Review : ICommand<ReportStatus>, IHasAuditTarget
    {
        public Guid ReportId { get; set; }
        public ReviewDecision Decision { get; set; }
        public string Score { get; set; } = "";
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ReportId}:{Decision}";
    }

    public sealed class ReviewValidator : AbstractValidator<Review>
    {
        public ReviewValidator(IStringLocalizer<ReportResource> t)
        {
            RuleFor(c => c.Decision).IsInEnum().WithMessage(_ => t["Review.Unknown"]);
            RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).When(c => c.Decision == ReviewDecision.Return)
                .WithMessage(_ => t["Review.ReasonRequired"]);
            RuleFor(c => c.Reason).Must(r => (r ?? "").Trim().Length <= ProjectReport.ReasonMax).WithMessage(_ => t["Review.ReasonTooLong", ProjectReport.ReasonMax]);
        }
    }

    /// <summary>
    /// Locks the report row, then its project (the same order every review takes), so two secretaries deciding at once
    /// decide one after another and the second sees the report no longer open.
    /// </summary>
    public sealed class ReviewHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, Handoffs handoffs,
        IStringLocalizer<ReportResource> t, IStringLocalizer<ProjectResource> pt) : IRequestHandler<Review, ReportStatus>
    {
        public async Task<ReportStatus> Handle(Review request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            var projectIds = await db.Database
                .SqlQuery<Guid>($"SELECT ProjectId AS Value FROM ProjectReports WHERE TenantId = {tenantId} AND Id = {request.ReportId.ToString()} FOR UPDATE")
                .ToListAsync(cancellationToken);
            if (projectIds.Count == 0) throw new NotFoundException("No such report in this tenant.");
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, projectIds[0], cancellationToken);
            var report = await db.Set<ProjectReport>().SingleAsync(r => r.Id == request.ReportId, cancellationToken);
            if (report.Status != ReportStatus.Submitted) throw Refusal.Because(t["Review.NotOpen", t["ReportStatus." + report.Status]]);

            if (request.Decision == ReviewDecision.Return)
            {
                report.Status = ReportStatus.Returned;
                report.ReturnReason = request.Reason.Trim();
            }
            else
            {
                if (project.Status is not (ProjectStatus.InProgress or ProjectStatus.FinalReport))
                    throw Refusal.Because(t["Review.ProjectNotRunning", pt["ProjectStatus." + project.Status]]);
                if (report.Kind == ReportKind.Final)
                {
                    if (!ReportRules.TryScore(request.Score, out var score)) throw Refusal.Because(t["Review.ScoreInvalid"], nameof(Review.Score));
                    project.EvaluationScore = score;
                    // The project's own status rule: a running project enters its final-report stage.
                    if (ProjectLifecycle.Refusal(project.Status, ProjectAction.EnterFinalReport) is null)
                    {
                        project.Status = ProjectLifecycle.Target(project.Status, ProjectAction.EnterFinalReport, project.StatusBeforeSuspension);
                        project.StatusBeforeSuspension = null;
                        project.StatusReason = null;
                    }
                    project.Version++;
                }
                report.Status = ReportStatus.Accepted;
                report.ReturnReason = null;
            }
            report.ReviewedBy = me;
            report.ReviewedAt = clock.GetUtcNow();
            report.Version++;
            await handoffs.CloseStepAsync(TimedStep.ReportReview, report.Id, cancellationToken);

            var kind = report.Kind;
            var status = report.Status;
            var reason = report.ReturnReason ?? "";
            await handoffs.TellOrganisationAsync(project.OrganisationId,
                () => new NotificationText(t["Notify." + status + ".Title", t["ReportKind." + kind], project.Number],
                    t["Notify." + status + ".Body", t["ReportKind." + kind], project.Number, project.Title, reason]),
                "/reports/" + report.Id, cancellationToken);
            return report.Status;
        }
    }
}
