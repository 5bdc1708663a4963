using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// One proposal: its content, budget, status, one-time fix list, attachments and versions. The organisation and the
/// secretariat read (and submit) the working draft; committee members, auditors and judges read what was submitted.
/// Submitting (<see cref="SubmitModel"/>), uploading a document (<see cref="UploadModel"/>) and removing one
/// (<see cref="DeleteAttachmentModel"/>) are each their own page, whose form this page shows.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant) : ProposalScreen(mediator, tenant)
{
    public const int MaxAttachments = 20;

    public async Task OnGetAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
    }

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
}
