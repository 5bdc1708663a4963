using Microsoft.Extensions.Options;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>Adds a supporting document to a proposal while it may still be edited (the form is on the proposal page, shown again with the errors).</summary>
public class UploadModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t) : ProposalScreen(mediator, tenant)
{
    /// <summary>The form lives on the proposal page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToProposalAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, [FromServices] IOptions<FileStoreOptions> options)
    {
        ProposalId = id;
        var content = file is null ? [] : await UploadRules.ReadLimitedAsync(file, options.Value.MaxBytes, HttpContext.RequestAborted);
        await Mediator.Send(new UploadCommand { ProposalId = id, FileName = file?.FileName, Content = content });
        return Done(id, t["Attachments.UploadedNotice", file?.FileName ?? ""]);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class UploadCommand : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public string? FileName { get; set; }
        public byte[] Content { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => ProposalId.ToString();
    }

    /// <summary>
    /// Checks the file by its content (PDF, JPG or PNG), size and name before anything is written; the bytes go to the
    /// tenant's file store and are deleted again if the row cannot be saved.
    /// </summary>
    public sealed class UploadHandler(AppDbContext db, ICurrentUser user, IFileStore files, IOptions<FileStoreOptions> options, TimeProvider clock,
        IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c, IStringLocalizer<SharedResource> s)
        : IRequestHandler<UploadCommand, Guid>
    {
        public const string Area = "proposals";

        public async Task<Guid> Handle(UploadCommand request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var proposal = await ProposalEditors.OpenForEditAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            if (!ProposalLifecycle.MayEdit(proposal.Status, contest.Stage))
                throw Refusal.Because(t["Attachments.NotEditable", EditModel.NotEditable(proposal.Status, contest.Stage, t, c)]);
            if (await db.Set<ProposalAttachment>().CountAsync(a => a.ProposalId == proposal.Id, cancellationToken) >= DetailModel.MaxAttachments)
                throw Refusal.Because(t["Attachments.TooMany", DetailModel.MaxAttachments], "File");
            if (request.FileName is null && request.Content.Length == 0) throw Refusal.Because(s["Upload.Required"], "File");
            var maxBytes = options.Value.MaxBytes;
            var problem = UploadRules.Check(request.FileName, request.Content, maxBytes, out var file);
            if (problem != UploadProblem.None || file is null)
                throw Refusal.Because(s[UploadRules.KeyOf(problem), maxBytes / (1024 * 1024)], "File");

            var key = await files.SaveAsync(Area, file, cancellationToken);
            files.DeleteIfNotSaved(db, key);
            var attachment = new ProposalAttachment
            {
                ProposalId = proposal.Id, Purpose = AttachmentPurpose.Supporting, FileName = file.FileName, ContentType = file.ContentType,
                Size = file.Content.LongLength, Sha256 = file.Sha256, StorageKey = key, UploadedBy = me, UploadedAt = clock.GetUtcNow(),
            };
            db.Add(attachment);
            return attachment.Id;
        }
    }
}
