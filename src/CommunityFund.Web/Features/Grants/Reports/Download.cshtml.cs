using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>
/// One photo or document of a report, for whoever may read the report (another organisation's member 403, another
/// tenant's id 404). Photos are served inline (for the thumbnails), PDFs as downloads; always with the type recognised
/// at upload and nosniff, so a browser never renders an uploaded file as a page.
/// </summary>
public class DownloadModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid fileId)
    {
        var file = await mediator.Send(new Query { ReportId = id, FileId = fileId });
        return file.Serve(Response, imagesInline: true);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<StoredFile>
    {
        public Guid ReportId { get; init; }
        public Guid FileId { get; init; }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files) : IRequestHandler<Query, StoredFile>
    {
        public async Task<StoredFile> Handle(Query request, CancellationToken cancellationToken)
        {
            var report = await db.Set<ProjectReport>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ReportId, cancellationToken)
                         ?? throw new NotFoundException("No such report in this tenant.");
            await ProjectAccess.OpenAsync(db, user, report.ProjectId, cancellationToken);
            var file = await db.Set<ReportFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == request.FileId && f.ReportId == report.Id, cancellationToken)
                       ?? throw new NotFoundException("No such file on this report.");
            var content = await files.ReadAsync(file.StorageKey, cancellationToken) ?? throw new NotFoundException("The file is missing from the store.");
            return new StoredFile(content, file.ContentType, file.FileName);
        }
    }
}
