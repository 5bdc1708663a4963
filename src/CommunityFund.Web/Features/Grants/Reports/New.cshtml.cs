using CommunityFund.Web.Features.Grants.Settings;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>
/// The organisation's member submits a mid-term or final report: outputs, beneficiaries reached, activities held and up
/// to ten photos or documents (JPG/PNG/PDF by content). One open report per kind; none after that kind was accepted.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.OrgMember)]
[RequestFormLimits(MultipartBodyLengthLimit = 105L * 1024 * 1024)]
[RequestSizeLimit(110L * 1024 * 1024)]
public class NewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ReportResource> t, IOptions<FileStoreOptions> options)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public SubmitReport Input { get; set; } = new();
    [BindProperty(Name = "kind", SupportsGet = true)] public string? KindText { get; set; }
    public IndexModel.View Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid projectId)
    {
        if (!Enum.TryParse<ReportKind>(KindText, out var kind) || !Enum.IsDefined(kind)) return NotFound();
        Input.ProjectId = projectId;
        Input.Kind = kind;
        await ReloadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, List<IFormFile>? files)
    {
        Input.ProjectId = projectId; // the project is the one in the address, whatever the form says
        var uploads = new List<ReportUpload>();
        foreach (var file in files ?? [])
            uploads.Add(new ReportUpload(file.FileName, await UploadRules.ReadLimitedAsync(file, options.Value.MaxBytes, HttpContext.RequestAborted)));
        Input.Files = uploads;
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Submit.SubmittedNotice"].Value;
        return RedirectToPage("/Grants/Reports/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new IndexModel.Query { ProjectId = Input.ProjectId });

    public sealed record ReportUpload(string? FileName, byte[] Content);

    [RequiresTenantRole(TenantRole.OrgMember)]
    public sealed class SubmitReport : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProjectId { get; set; }
        public ReportKind Kind { get; set; }
        public string Outputs { get; set; } = "";
        public string BeneficiariesReached { get; set; } = "";
        public string ActivitiesHeld { get; set; } = "";
        [BindNever] public IReadOnlyList<ReportUpload> Files { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:{Kind}";
    }

    public sealed class SubmitValidator : AbstractValidator<SubmitReport>
    {
        public SubmitValidator(IStringLocalizer<ReportResource> t)
        {
            RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => t["Submit.KindUnknown"]);
            RuleFor(c => c.Outputs).Must(o => !string.IsNullOrWhiteSpace(o)).WithMessage(_ => t["Submit.OutputsRequired"]);
            RuleFor(c => c.Outputs).Must(o => (o ?? "").Trim().Length <= ProjectReport.TextMax).WithMessage(_ => t["Submit.OutputsTooLong", ProjectReport.TextMax]);
            RuleFor(c => c.BeneficiariesReached).Must(s => ReportRules.TryCount(s, out _)).WithMessage(_ => t["Submit.BeneficiariesInvalid"]);
            RuleFor(c => c.ActivitiesHeld).Must(s => ReportRules.TryCount(s, out _)).WithMessage(_ => t["Submit.ActivitiesInvalid"]);
            RuleFor(c => c.Files).Must(f => f.Count <= ReportRules.MaxFiles).WithMessage(_ => t["Submit.TooManyFiles", ReportRules.MaxFiles]);
        }
    }

    /// <summary>
    /// Under the project's lock: the organisation's member, the project's status, no open or accepted report of the kind,
    /// every file checked before any is stored; stored files are deleted again if the rows cannot be saved.
    /// </summary>
    public sealed class SubmitHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, IFileStore files, IOptions<FileStoreOptions> options,
        TimeProvider clock, Notifier notifier, Handoffs handoffs, IStringLocalizer<ReportResource> t, IStringLocalizer<SharedResource> s)
        : IRequestHandler<SubmitReport, Guid>
    {
        public async Task<Guid> Handle(SubmitReport request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            await ProjectAccess.LockAsync(db, tenant, request.ProjectId, cancellationToken);
            var project = await ProjectAccess.OpenAsync(db, user, request.ProjectId, cancellationToken);
            if (!await ReportRules.IsMemberAsync(db, me, project.OrganisationId, cancellationToken))
                throw new ForbiddenException("Only the organisation's members submit its reports.");
            var existing = await db.Set<ProjectReport>().Where(r => r.ProjectId == project.Id && r.Kind == request.Kind)
                .Select(r => r.Status).ToListAsync(cancellationToken);
            if (ReportRules.Refusal(request.Kind, project.Status, existing) is { } refusal) throw Refusal.Because(t[refusal]);

            var maxBytes = options.Value.MaxBytes;
            var checkedFiles = new List<CheckedFile>();
            foreach (var upload in request.Files)
            {
                var problem = UploadRules.Check(upload.FileName, upload.Content, maxBytes, out var file);
                if (problem != UploadProblem.None || file is null)
                    throw Refusal.Because($"{upload.FileName}{t["Common.Colon"]}{s[UploadRules.KeyOf(problem), maxBytes / (1024 * 1024)]}", "Files");
                checkedFiles.Add(file);
            }

            ReportRules.TryCount(request.BeneficiariesReached, out var beneficiaries);
            ReportRules.TryCount(request.ActivitiesHeld, out var activities);
            var now = clock.GetUtcNow();
            var report = new ProjectReport
            {
                ProjectId = project.Id, Kind = request.Kind, Status = ReportStatus.Submitted, Outputs = request.Outputs.Trim(),
                BeneficiariesReached = beneficiaries, ActivitiesHeld = activities, SubmittedBy = me, SubmittedAt = now,
            };
            db.Add(report);
            foreach (var file in checkedFiles)
            {
                var key = await files.SaveAsync(ReportRules.FileArea, file, cancellationToken);
                UnsavedFiles.DeleteIfNotSaved(db, files, key);
                db.Add(new ReportFile
                {
                    ReportId = report.Id, FileName = file.FileName, ContentType = file.ContentType, Size = file.Content.LongLength, Sha256 = file.Sha256,
                    StorageKey = key, UploadedAt = now,
                });
            }
            var kind = request.Kind;
            await handoffs.OpenStepAsync(TimedStep.ReportReview, report.Id, Handoffs.Name(project.Number, project.Title), "/reports/" + report.Id,
                TenantRole.Secretariat, cancellationToken);
            await notifier.NotifyRoleAsync(TenantRole.Secretariat,
                () => new NotificationText(t["Notify.Submitted.Title", t["ReportKind." + kind], project.Number],
                    t["Notify.Submitted.Body", t["ReportKind." + kind], project.Number, project.Title]),
                "/reports/" + report.Id, cancellationToken);
            return report.Id;
        }
    }
}
