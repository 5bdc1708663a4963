using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Downloads one attachment of a proposal, for whoever may open the proposal (<see cref="ProposalAccess"/>: another
/// organisation's member or a conflicted judge gets 403, another tenant's id 404). Always as a download, with the type
/// recognised at upload and nosniff, so a browser never renders an uploaded file as a page.
/// </summary>
public class AttachmentModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid attachmentId)
    {
        var file = await mediator.Send(new Query { ProposalId = id, AttachmentId = attachmentId });
        return file.Serve(Response);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember, TenantRole.Judge)]
    public sealed class Query : IRequest<StoredFile>
    {
        public Guid ProposalId { get; init; }
        public Guid AttachmentId { get; init; }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files) : IRequestHandler<Query, StoredFile>
    {
        public async Task<StoredFile> Handle(Query request, CancellationToken cancellationToken)
        {
            var (proposal, _) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            var attachment = await db.Set<ProposalAttachment>().AsNoTracking()
                                 .SingleOrDefaultAsync(a => a.Id == request.AttachmentId && a.ProposalId == proposal.Id, cancellationToken)
                             ?? throw new NotFoundException("No such attachment on this proposal.");
            var content = await files.ReadAsync(attachment.StorageKey, cancellationToken)
                          ?? throw new NotFoundException("The attachment's file is missing from the store.");
            return new StoredFile(content, attachment.ContentType, attachment.FileName);
        }
    }
}
