namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>Removes a supporting document while the proposal may still be edited (the button is on the proposal page, shown again with the errors).</summary>
public class DeleteAttachmentModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t, IFileStore files)
    : ProposalScreen(mediator, tenant)
{
    /// <summary>The button lives on the proposal page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToProposalAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, Guid attachmentId)
    {
        ProposalId = id;
        var key = await Mediator.Send(new DeleteAttachmentCommand { ProposalId = id, AttachmentId = attachmentId });
        // The row is gone (committed); only now is the file removed, so a failed delete never leaves a row without its file.
        await files.DeleteAsync(key, CancellationToken.None);
        return Done(id, t["Attachments.DeletedNotice"]);
    }

    /// <summary>Returns the storage key, for the page to delete the file once the row is gone.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class DeleteAttachmentCommand : ICommand<string>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public Guid AttachmentId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:{AttachmentId}";
    }

    public sealed class DeleteAttachmentHandler(AppDbContext db, ICurrentUser user, IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<DeleteAttachmentCommand, string>
    {
        public async Task<string> Handle(DeleteAttachmentCommand request, CancellationToken cancellationToken)
        {
            var proposal = await ProposalEditors.OpenForEditAsync(db, user, request.ProposalId, cancellationToken);
            var attachment = await db.Set<ProposalAttachment>()
                                 .SingleOrDefaultAsync(a => a.Id == request.AttachmentId && a.ProposalId == proposal.Id, cancellationToken)
                             ?? throw new NotFoundException("No such attachment on this proposal.");
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            if (!ProposalLifecycle.MayEdit(proposal.Status, contest.Stage))
                throw Refusal.Because(t["Attachments.NotEditable", EditModel.NotEditable(proposal.Status, contest.Stage, t, c)]);
            // A document supplied against a missing-document commitment (容缺受理) is evidence: it stays.
            if (attachment.Purpose != AttachmentPurpose.Supporting
                || await db.Set<MissingDocumentCommitment>().AnyAsync(m => m.SuppliedAttachmentId == attachment.Id, cancellationToken))
                throw Refusal.Because(t["Attachments.InUse"]);
            db.Remove(attachment);
            return attachment.StorageKey;
        }
    }
}
