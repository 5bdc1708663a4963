using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>
/// The receipt of one claim line, for whoever may read the claim (another organisation's member 403, another tenant's
/// id 404). Images inline, PDFs as downloads; always with the type recognised at upload and nosniff.
/// </summary>
public class ReceiptModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid lineId)
    {
        var file = await mediator.Send(new Query { ClaimId = id, LineId = lineId });
        return file.Serve(Response, imagesInline: true);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<StoredFile>
    {
        public Guid ClaimId { get; init; }
        public Guid LineId { get; init; }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, IFileStore files) : IRequestHandler<Query, StoredFile>
    {
        public async Task<StoredFile> Handle(Query request, CancellationToken cancellationToken)
        {
            var (claim, _) = await ClaimRules.OpenAsync(db, user, request.ClaimId, cancellationToken);
            var line = await db.Set<ExpenseClaimLine>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == request.LineId && l.ClaimId == claim.Id, cancellationToken)
                       ?? throw new NotFoundException("No such line on this claim.");
            var content = await files.ReadAsync(line.ReceiptStorageKey, cancellationToken) ?? throw new NotFoundException("The receipt is missing from the store.");
            return new StoredFile(content, line.ReceiptContentType, line.ReceiptFileName);
        }
    }
}
