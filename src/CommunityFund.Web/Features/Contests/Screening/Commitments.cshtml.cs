using CommunityFund.Web.Infrastructure.Web;
using Microsoft.Extensions.Options;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// 容缺受理承诺: the organisation names an auxiliary document it still owes and the date it will bring it; later it
/// uploads the document against the commitment. The secretariat may do both on the organisation's behalf; the
/// committee and auditors read the list.
/// </summary>
public class CommitmentsModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t, IOptions<FileStoreOptions> files)
    : PageModel, IReloadOnInvalid
{
    [BindProperty] public CommitmentForm Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public Guid ProposalId { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id)
    {
        ProposalId = id;
        await mediator.Send(new Add { ProposalId = id, DocumentName = Input.DocumentName, DueDate = Input.DueDate });
        TempData["Notice"] = t["Commitments.AddedNotice"].Value;
        return RedirectToPage("/Contests/Screening/Commitments", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task<IActionResult> OnPostSupplyAsync(Guid id)
    {
        ProposalId = id;
        var max = files.Value.MaxBytes;
        var content = Input.File is { } file ? await UploadRules.ReadLimitedAsync(file, max, HttpContext.RequestAborted) : [];
        await mediator.Send(new Supply { ProposalId = id, CommitmentId = Input.CommitmentId, FileName = Input.File?.FileName, Content = content });
        TempData["Notice"] = t["Commitments.SuppliedNotice"].Value;
        return RedirectToPage("/Contests/Screening/Commitments", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task<IActionResult> OnGetFileAsync(Guid id, Guid commitmentId)
    {
        var document = await mediator.Send(new Download { ProposalId = id, CommitmentId = commitmentId });
        return document.Serve(Response);
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProposalId = ProposalId });

    /// <summary>The page's two forms: a new commitment, or the document supplied against one.</summary>
    public sealed class CommitmentForm
    {
        public string DocumentName { get; set; } = "";
        public string DueDate { get; set; } = "";
        public Guid CommitmentId { get; set; }
        public IFormFile? File { get; set; }
    }

    public sealed record Row(Guid Id, string DocumentName, DateOnly DueDate, CommitmentState State, string CommittedBy, DateTimeOffset CommittedAt,
        string? SuppliedFileName, DateTimeOffset? SuppliedAt);

    public sealed record View(Guid Id, Guid ContestId, int Number, string Title, string Organisation, ProposalStatus Status, bool AcceptedWithMissingDocuments,
        bool MayEdit, bool MayAdd, DateOnly Today, IReadOnlyList<Row> Rows);

    /// <summary>Who may add and supply: the secretariat, or a member of the proposal's organisation. Everyone else is refused (403).</summary>
    internal static async Task<Proposal> OpenForEditAsync(AppDbContext db, ICurrentUser user, Guid proposalId, CancellationToken ct, bool tracking = false)
    {
        var (proposal, viewer) = await ProposalAccess.OpenAsync(db, user, proposalId, ct, tracking);
        if (!await MayEditAsync(db, user, proposal, viewer, ct)) throw new ForbiddenException("Only the organisation's members or the secretariat keep its commitments.");
        return proposal;
    }

    private static async Task<bool> MayEditAsync(AppDbContext db, ICurrentUser user, Proposal proposal, ProposalViewer viewer, CancellationToken ct)
    {
        if (viewer == ProposalViewer.Owner) return true;
        if (viewer != ProposalViewer.Staff) return false;
        if ((await user.GetTenantRolesAsync(ct)).Contains(TenantRole.Secretariat)) return true;
        return user.UserId is { } me && await ProposalAccess.IsMemberAsync(db, me, proposal.OrganisationId, ct);
    }

    /// <summary>Commitments may be made while the proposal waits for screening or after it is accepted.</summary>
    public static bool OpenForCommitments(ProposalStatus status) => status is ProposalStatus.Submitted or ProposalStatus.Accepted;

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (p, viewer) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            if (viewer == ProposalViewer.Judge) throw new ForbiddenException("Judges do not see an organisation's commitments.");
            var mayEdit = await MayEditAsync(db, user, p, viewer, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";
            var today = clock.Today();
            var rows = await (from c in db.Set<MissingDocumentCommitment>().AsNoTracking()
                              where c.ProposalId == p.Id
                              join a in db.Set<ProposalAttachment>() on c.SuppliedAttachmentId equals a.Id into supplied
                              from a in supplied.DefaultIfEmpty()
                              orderby c.DueDate, c.CommittedAt
                              select new { c, FileName = a == null ? null : a.FileName }).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, rows.Select(r => r.c.CommittedBy), cancellationToken);
            return new View(p.Id, p.ContestId, p.Number, p.Title, organisation, p.Status, p.AcceptedWithMissingDocuments, mayEdit,
                mayEdit && OpenForCommitments(p.Status), today,
                [.. rows.Select(r => new Row(r.c.Id, r.c.DocumentName, r.c.DueDate, r.c.StateOn(today), names.GetValueOrDefault(r.c.CommittedBy, "?"),
                    r.c.CommittedAt, r.FileName, r.c.SuppliedAt))]);
        }
    }

    /// <summary>A new commitment: the document's name and its due date (after today in China, at most a year ahead).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Add : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public string DocumentName { get; init; } = "";
        public string DueDate { get; init; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:commit";
    }

    public sealed class AddValidator : AbstractValidator<Add>
    {
        public AddValidator(IStringLocalizer<ScreeningResource> t, TimeProvider clock)
        {
            RuleFor(c => c.DocumentName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Commitments.DocumentRequired"])
                .Must(n => n.Trim().Length <= MissingDocumentCommitment.DocumentMax).WithMessage(_ => t["Commitments.DocumentTooLong", MissingDocumentCommitment.DocumentMax]);
            RuleFor(c => c.DueDate).Must(d => InputRules.TryDate(d, out _)).WithMessage(_ => t["Commitments.DueDateInvalid"])
                .DependentRules(() =>
                {
                    RuleFor(c => c.DueDate).Must(d => InputRules.Date(d) > clock.Today())
                        .WithMessage(_ => t["Commitments.DueDateNotFuture", Formats.Date(clock.Today())])
                        .Must(d => InputRules.Date(d) <= clock.Today().AddYears(1))
                        .WithMessage(_ => t["Commitments.DueDateTooFar", Formats.Date(clock.Today().AddYears(1))]);
                });
        }
    }

    public sealed class AddHandler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<ScreeningResource> t) : IRequestHandler<Add, Guid>
    {
        public async Task<Guid> Handle(Add request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var p = await OpenForEditAsync(db, user, request.ProposalId, cancellationToken);
            if (!OpenForCommitments(p.Status))
                throw Refusal.Because(t["Commitments.NotOpen", t["ProposalStatus." + p.Status]]);
            var commitment = new MissingDocumentCommitment
            {
                ProposalId = p.Id, OrganisationId = p.OrganisationId, DocumentName = request.DocumentName.Trim(),
                DueDate = InputRules.Date(request.DueDate), CommittedBy = me, CommittedAt = clock.GetUtcNow(),
            };
            db.Add(commitment);
            return commitment.Id;
        }
    }

    /// <summary>The promised document, uploaded against its commitment (PDF, JPG or PNG, recognised by content). Once only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Supply : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProposalId { get; init; }
        public Guid CommitmentId { get; init; }
        public string? FileName { get; init; }
        public byte[] Content { get; init; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:supply:{CommitmentId}";
    }

    public sealed class SupplyValidator : AbstractValidator<Supply>
    {
        public SupplyValidator(IStringLocalizer<SharedResource> l, IOptions<FileStoreOptions> files)
        {
            var max = files.Value.MaxBytes;
            RuleFor(c => c.Content).Custom((content, context) =>
            {
                var c = context.InstanceToValidate;
                if (c.FileName is null && content.Length == 0)
                {
                    context.AddFailure("File", l["Upload.Required"]);
                    return;
                }
                var problem = UploadRules.Check(c.FileName, content, max, out _);
                if (problem != UploadProblem.None) context.AddFailure("File", l[UploadRules.KeyOf(problem), max / 1024 / 1024]);
            });
        }
    }

    public sealed class SupplyHandler(AppDbContext db, ICurrentUser user, TimeProvider clock, IFileStore store, IOptions<FileStoreOptions> files,
        IStringLocalizer<ScreeningResource> t) : IRequestHandler<Supply, Guid>
    {
        public async Task<Guid> Handle(Supply request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var p = await OpenForEditAsync(db, user, request.ProposalId, cancellationToken);
            var commitment = await db.Set<MissingDocumentCommitment>().AsNoTracking()
                                 .SingleOrDefaultAsync(c => c.Id == request.CommitmentId && c.ProposalId == p.Id, cancellationToken)
                             ?? throw new NotFoundException("No such commitment on this proposal.");
            if (UploadRules.Check(request.FileName, request.Content, files.Value.MaxBytes, out var file) != UploadProblem.None || file is null)
                throw new InvalidOperationException("Uploads are validated before use.");
            var now = clock.GetUtcNow();
            var attachment = new ProposalAttachment
            {
                ProposalId = p.Id, Purpose = AttachmentPurpose.MissingDocument, FileName = file.FileName, ContentType = file.ContentType,
                Size = file.Content.Length, Sha256 = file.Sha256, UploadedBy = me, UploadedAt = now,
            };
            // Claim the commitment before the file is written: UPDATE … WHERE SuppliedAt IS NULL. A second upload racing
            // this one waits on the row, then matches nothing and is refused; a document is supplied once.
            var claimed = await db.Set<MissingDocumentCommitment>()
                .Where(c => c.Id == commitment.Id && c.SuppliedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.SuppliedAttachmentId, attachment.Id).SetProperty(c => c.SuppliedAt, now), cancellationToken);
            if (claimed == 0)
                throw Refusal.Because(t["Commitments.AlreadySupplied", commitment.DocumentName]);
            attachment.StorageKey = await store.SaveAsync("commitments", file, cancellationToken);
            db.Add(attachment);
            return attachment.Id;
        }
    }

    /// <summary>A supplied document, for whoever may read the commitments.</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Download : IRequest<StoredFile>
    {
        public Guid ProposalId { get; init; }
        public Guid CommitmentId { get; init; }
    }

    public sealed class DownloadHandler(AppDbContext db, ICurrentUser user, IFileStore store) : IRequestHandler<Download, StoredFile>
    {
        public async Task<StoredFile> Handle(Download request, CancellationToken cancellationToken)
        {
            var (p, viewer) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            if (viewer == ProposalViewer.Judge) throw new ForbiddenException("Judges do not see an organisation's commitments.");
            var attachment = await (from c in db.Set<MissingDocumentCommitment>()
                                    join a in db.Set<ProposalAttachment>() on c.SuppliedAttachmentId equals a.Id
                                    where c.Id == request.CommitmentId && c.ProposalId == p.Id && a.ProposalId == p.Id
                                    select a).AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                             ?? throw new NotFoundException("Nothing supplied for this commitment.");
            var content = await store.ReadAsync(attachment.StorageKey, cancellationToken) ?? throw new NotFoundException("The stored file is missing.");
            return new StoredFile(content, attachment.ContentType, attachment.FileName);
        }
    }
}
