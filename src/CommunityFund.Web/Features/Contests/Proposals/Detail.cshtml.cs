using FluentValidation.Results;
using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// One proposal: its content, budget, status, one-time fix list, attachments and versions. The organisation and the
/// secretariat read (and submit) the working draft; committee members, auditors and judges read what was submitted.
/// Submitting appends an immutable version: the first submission, a resubmission answering every item of the
/// one-time fix list (一次性告知), or a revision during refinement (the proposal stays accepted).
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t, IFileStore files)
    : PageModel, IReloadOnInvalid
{
    public const int MaxAttachments = 20;

    [BindProperty] public SubmitCommand Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    [BindProperty(Name = "v", SupportsGet = true)] public int? ShowVersion { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        Input.ProposalId = id;
        await ReloadAsync();
        Input.Version = Data.Version;
        if (Data.FixList is { } list) Input.Fixes = [.. list.Items.Select(i => new FixAnswer { Done = false, Answer = i.Answer ?? "" })];
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id)
    {
        Input.ProposalId = id; // the proposal is the one in the address, whatever the form says
        var version = await mediator.Send(Input);
        Notice = t["Submit.SubmittedNotice", version].Value;
        return RedirectToPage("/Contests/Proposals/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, [FromServices] IOptions<FileStoreOptions> options)
    {
        Input.ProposalId = id;
        var content = file is null ? [] : await UploadRules.ReadLimitedAsync(file, options.Value.MaxBytes, HttpContext.RequestAborted);
        await mediator.Send(new UploadCommand { ProposalId = id, FileName = file?.FileName, Content = content });
        Notice = t["Attachments.UploadedNotice", file?.FileName ?? ""].Value;
        return RedirectToPage("/Contests/Proposals/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task<IActionResult> OnPostDeleteAttachmentAsync(Guid id, Guid attachmentId)
    {
        Input.ProposalId = id;
        var key = await mediator.Send(new DeleteAttachmentCommand { ProposalId = id, AttachmentId = attachmentId });
        // The row is gone (committed); only now is the file removed, so a failed delete never leaves a row without its file.
        await files.DeleteAsync(key, CancellationToken.None);
        Notice = t["Attachments.DeletedNotice"].Value;
        return RedirectToPage("/Contests/Proposals/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProposalId = Input.ProposalId, Version = ShowVersion });

    public sealed record VersionRow(int Number, DateTimeOffset SubmittedAt, string SubmittedBy, decimal RequestedAmount);
    public sealed record AttachmentRow(Guid Id, string FileName, string ContentType, long Size, AttachmentPurpose Purpose, DateTimeOffset UploadedAt);
    public sealed record FixListView(IReadOnlyList<FixItem> Items, DateTimeOffset IssuedAt, int? AnsweredInVersion, DateTimeOffset? AnsweredAt);

    /// <summary>
    /// <see cref="ShownVersion"/> is the version whose content is shown (null: the working draft, or nothing submitted
    /// yet for a reader). <see cref="SubmitRefusal"/> and <see cref="SubmitProblems"/> say, before the click, why a
    /// submission would be refused.
    /// </summary>
    public sealed record View(
        Guid Id, int Number, Guid ContestId, string ContestTitle, ContestStage Stage, decimal PerProjectCap,
        string Organisation, Guid OrganisationId, ProposalStatus Status, ProposalChannel Channel, string? RejectionReason,
        bool AcceptedWithMissingDocuments, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FirstSubmittedAt, int Version,
        ProposalViewer Viewer, bool IsSecretariat, bool MayEdit, bool Editable,
        ProposalContent? Content, int? ShownVersion, int LatestVersion, bool UnsubmittedChanges,
        SubmitKind? SubmitKind, string? SubmitRefusal, IReadOnlyList<string> SubmitProblems,
        FixListView? FixList, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<VersionRow> Versions)
    {
        public bool MayUpload => Editable && Attachments.Count < MaxAttachments;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember, TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
        /// <summary>Show this submitted version instead of the default (the draft for its editors, the latest version for readers).</summary>
        public int? Version { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user,
        IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (p, viewer) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await ProposalEditors.ContestOfAsync(db, p.ContestId, cancellationToken);
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var mayEdit = viewer != ProposalViewer.Judge && await ProposalEditors.MayEditAsync(db, user, p, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);

            var versions = await db.Set<ProposalVersion>().AsNoTracking().Where(v => v.ProposalId == p.Id).OrderBy(v => v.Number)
                .Select(v => new { v.Number, v.SubmittedAt, v.SubmittedBy, v.RequestedAmount, v.ContentJson }).ToListAsync(cancellationToken);
            var latest = versions.LastOrDefault();
            var draft = p.GetDraft();

            ProposalContent? content;
            int? shown;
            if (request.Version is { } wanted)
            {
                var v = versions.SingleOrDefault(x => x.Number == wanted) ?? throw new NotFoundException("No such version of this proposal.");
                (content, shown) = (ProposalContent.FromJson(v.ContentJson), v.Number);
            }
            else if (mayEdit) (content, shown) = (draft, null);
            else if (latest is not null) (content, shown) = (ProposalContent.FromJson(latest.ContentJson), latest.Number);
            else (content, shown) = (null, null);

            var unsubmitted = latest is null
                ? p.Status == ProposalStatus.Draft
                : ProposalContent.FromJson(latest.ContentJson).ToJson() != draft.ToJson();

            var kind = ProposalLifecycle.KindOf(p.Status);
            var refusalKey = ProposalLifecycle.SubmitRefusal(p.Status, contest.Stage);
            var refusal = refusalKey is null ? null : t[refusalKey, c["ContestStage." + contest.Stage]].Value;
            var problems = mayEdit && refusal is null
                ? ProposalChecks.ForSubmission(draft, contest.PerProjectCap, contest.Categories).Select(i => ProposalChecks.Message(i, t)).ToList()
                : [];

            FixListView? fixList = null;
            if (viewer != ProposalViewer.Judge)
            {
                var list = await db.Set<ProposalFixList>().AsNoTracking().SingleOrDefaultAsync(f => f.ProposalId == p.Id, cancellationToken);
                if (list is not null) fixList = new FixListView(list.GetItems(), list.IssuedAt, list.AnsweredInVersion, list.AnsweredAt);
            }

            var attachments = await db.Set<ProposalAttachment>().AsNoTracking().Where(a => a.ProposalId == p.Id).OrderBy(a => a.UploadedAt)
                .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.Purpose, a.UploadedAt)).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, versions.Select(v => v.SubmittedBy).Append(p.CreatedBy), cancellationToken);

            return new View(p.Id, p.Number, contest.Id, contest.Title, contest.Stage, contest.PerProjectCap, organisation, p.OrganisationId,
                p.Status, p.Channel, p.RejectionReason, p.AcceptedWithMissingDocuments, names.GetValueOrDefault(p.CreatedBy, "?"), p.CreatedAt,
                p.FirstSubmittedAt, p.Version, viewer, roles.Contains(TenantRole.Secretariat), mayEdit,
                mayEdit && ProposalLifecycle.MayEdit(p.Status, contest.Stage),
                content, shown, p.LatestVersion, unsubmitted, kind, refusal, problems, fixList, attachments,
                [.. versions.Select(v => new VersionRow(v.Number, v.SubmittedAt, names.GetValueOrDefault(v.SubmittedBy, "?"), v.RequestedAmount))]);
        }
    }

    /// <summary>The organisation's reply to one item of the fix list, in the list's order.</summary>
    public sealed class FixAnswer
    {
        public bool Done { get; set; }
        public string Answer { get; set; } = "";
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class SubmitCommand : ICommand<int>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public int Version { get; set; }
        public List<FixAnswer> Fixes { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => ProposalId.ToString();
    }

    public sealed class SubmitValidator : AbstractValidator<SubmitCommand>
    {
        public SubmitValidator(IStringLocalizer<ProposalResource> t)
        {
            RuleFor(x => x.Fixes).Must(f => (f ?? []).All(a => ProposalFields.Clean(a.Answer).Length <= ProposalFixList.ItemMax))
                .WithMessage(_ => t["Submit.AnswerTooLong", ProposalFixList.ItemMax]);
        }
    }

    public sealed class SubmitHandler(AppDbContext db, ICurrentUser user, TimeProvider clock, Handoffs handoffs,
        IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c) : IRequestHandler<SubmitCommand, int>
    {
        public async Task<int> Handle(SubmitCommand request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var proposal = await ProposalEditors.OpenForEditAsync(db, user, request.ProposalId, cancellationToken, tracking: true);
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            if (ProposalLifecycle.SubmitRefusal(proposal.Status, contest.Stage) is { } refusal)
                throw Refuse("", t[refusal, c["ContestStage." + contest.Stage]]);
            if (proposal.Version != request.Version) throw Refuse("", t["Proposals.Stale"]);

            var content = proposal.GetDraft();
            var issues = ProposalChecks.ForSubmission(content, contest.PerProjectCap, contest.Categories);
            if (issues.Count > 0)
                throw new ValidationException(issues.Select(i => new ValidationFailure("", ProposalChecks.Message(i, t))));

            var kind = ProposalLifecycle.KindOf(proposal.Status);
            if (kind == SubmitKind.Revision)
            {
                var latest = await db.Set<ProposalVersion>().Where(v => v.ProposalId == proposal.Id && v.Number == proposal.LatestVersion)
                    .Select(v => v.ContentJson).SingleAsync(cancellationToken);
                if (ProposalContent.FromJson(latest).ToJson() == content.ToJson()) throw Refuse("", t["Submit.NothingChanged", proposal.LatestVersion]);
            }

            ProposalFixList? fixList = null;
            if (kind == SubmitKind.Resubmission)
            {
                fixList = await db.Set<ProposalFixList>().SingleOrDefaultAsync(f => f.ProposalId == proposal.Id, cancellationToken);
                if (fixList is not null) AnswerFixList(fixList, request.Fixes ?? []);
            }

            var now = clock.GetUtcNow();
            var version = proposal.Submit(me, now);
            db.Add(version);
            if (fixList is not null)
            {
                fixList.AnsweredInVersion = version.Number;
                fixList.AnsweredAt = now;
            }
            proposal.Status = ProposalLifecycle.StatusAfterSubmit(proposal.Status);
            proposal.Version++;
            if (proposal.Status == ProposalStatus.Submitted)
            {
                // A (re)submitted proposal waits for screening, under the tenant's time limit for it.
                var link = $"/proposals/{proposal.Id}/screening";
                await handoffs.OpenStepAsync(TimedStep.Screening, proposal.Id, Handoffs.Name(proposal.Number, proposal.Title), link, TenantRole.Secretariat, cancellationToken);
                var organisation = await db.Set<Organisation>().Where(o => o.Id == proposal.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
                await handoffs.TellRoleAsync(TenantRole.Secretariat, "ProposalSubmitted", link, cancellationToken, proposal.Number, proposal.Title, organisation);
            }
            return version.Number;
        }

        /// <summary>Every item of the one-time list must be ticked done; the refusal names the items still open.</summary>
        private void AnswerFixList(ProposalFixList fixList, IReadOnlyList<FixAnswer> answers)
        {
            var items = fixList.GetItems();
            var open = items.Select((item, i) => (item, i)).Where(x => x.i >= answers.Count || !answers[x.i].Done)
                .Select(x => $"{x.i + 1}. {x.item.Text}").ToList();
            if (open.Count > 0) throw Refuse(nameof(SubmitCommand.Fixes), t["Submit.FixesOpen", string.Join("；", open)]);
            fixList.SetItems(items.Select((item, i) =>
            {
                var answer = ProposalFields.Clean(answers[i].Answer);
                return item with { Done = true, Answer = answer.Length == 0 ? null : answer };
            }));
        }

        private static ValidationException Refuse(string property, string message) => new([new ValidationFailure(property, message)]);
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
                throw Refuse("", t["Attachments.NotEditable", EditModel.NotEditable(proposal.Status, contest.Stage, t, c)]);
            if (await db.Set<ProposalAttachment>().CountAsync(a => a.ProposalId == proposal.Id, cancellationToken) >= MaxAttachments)
                throw Refuse("File", t["Attachments.TooMany", MaxAttachments]);
            if (request.FileName is null && request.Content.Length == 0) throw Refuse("File", s["Upload.Required"]);
            var maxBytes = options.Value.MaxBytes;
            var problem = UploadRules.Check(request.FileName, request.Content, maxBytes, out var file);
            if (problem != UploadProblem.None || file is null)
                throw Refuse("File", s[UploadRules.KeyOf(problem), maxBytes / (1024 * 1024)]);

            var key = await files.SaveAsync(Area, file, cancellationToken);
            DeleteFileIfNotSaved(db, files, key);
            var attachment = new ProposalAttachment
            {
                ProposalId = proposal.Id, Purpose = AttachmentPurpose.Supporting, FileName = file.FileName, ContentType = file.ContentType,
                Size = file.Content.LongLength, Sha256 = file.Sha256, StorageKey = key, UploadedBy = me, UploadedAt = clock.GetUtcNow(),
            };
            db.Add(attachment);
            return attachment.Id;
        }

        /// <summary>
        /// The row is saved after this handler returns (the transaction behaviour saves once); if that save fails the
        /// stored file would be an orphan, so it is deleted then. Either way the subscription ends with the first save.
        /// </summary>
        public static void DeleteFileIfNotSaved(AppDbContext db, IFileStore files, string key)
        {
            EventHandler<SaveChangesFailedEventArgs>? failed = null;
            EventHandler<SavedChangesEventArgs>? saved = null;
            failed = (_, _) =>
            {
                Detach();
                files.DeleteAsync(key, CancellationToken.None).GetAwaiter().GetResult();
            };
            saved = (_, _) => Detach();
            db.SaveChangesFailed += failed;
            db.SavedChanges += saved;

            void Detach()
            {
                db.SaveChangesFailed -= failed;
                db.SavedChanges -= saved;
            }
        }

        private static ValidationException Refuse(string property, string message) => new([new ValidationFailure(property, message)]);
    }

    /// <summary>Removes a supporting document while the proposal may still be edited. Returns the storage key, for the page to delete the file once the row is gone.</summary>
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
                throw new ValidationException([new ValidationFailure("", t["Attachments.NotEditable", EditModel.NotEditable(proposal.Status, contest.Stage, t, c)])]);
            // A document supplied against a missing-document commitment (容缺受理) is evidence: it stays.
            if (attachment.Purpose != AttachmentPurpose.Supporting
                || await db.Set<MissingDocumentCommitment>().AnyAsync(m => m.SuppliedAttachmentId == attachment.Id, cancellationToken))
                throw new ValidationException([new ValidationFailure("", t["Attachments.InUse"])]);
            db.Remove(attachment);
            return attachment.StorageKey;
        }
    }
}
