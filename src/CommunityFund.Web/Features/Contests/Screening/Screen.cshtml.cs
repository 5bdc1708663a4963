using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>
/// 初审 of one proposal: the secretariat reads the latest submitted version and accepts it (<see cref="AcceptModel"/>),
/// rejects it with a reason (<see cref="RejectModel"/>), returns it once with the complete list of fixes (一次性告知,
/// <see cref="ReturnModel"/>), or accepts it with missing documents (容缺受理, <see cref="AcceptWithMissingDocumentsModel"/>);
/// each decision is its own page, whose form this page shows. The committee and auditors read the same page without the actions.
/// </summary>
public class ScreenModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ScreeningResource> t) : ScreeningScreen(mediator, tenant, t)
{
    public async Task OnGetAsync(Guid id)
    {
        ProposalId = id;
        await ReloadAsync();
    }

    /// <summary>A contest theme in the reader's language; a theme the contest added itself is shown as written.</summary>
    public static string ThemeName(IStringLocalizer<ContestResource> c, string category)
    {
        var name = c["Theme." + category];
        return name.ResourceNotFound ? category : name.Value;
    }

    public sealed record FixListView(IReadOnlyList<FixItem> Items, string IssuedBy, DateTimeOffset IssuedAt, int? AnsweredInVersion, DateTimeOffset? AnsweredAt);

    public sealed record CommitmentRow(string DocumentName, DateOnly DueDate, CommitmentState State, DateTimeOffset? SuppliedAt);

    public sealed record View(
        Guid Id, Guid ContestId, string ContestTitle, ContestStage Stage, int Number, ProposalStatus Status, string Organisation,
        ProposalChannel Channel, int LatestVersion, DateTimeOffset? LastSubmittedAt, ProposalContent? Submitted, string? RejectionReason,
        bool AcceptedWithMissingDocuments, string? ScreenedBy, DateTimeOffset? ScreenedAt, FixListView? FixList, IReadOnlyList<CommitmentRow> Commitments);

    /// <summary>Staff read a proposal's screening file; organisations and judges do not (403), another tenant's id is not there (404).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (p, _) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == p.ContestId)
                .Select(c => new { c.Title, c.Stage }).SingleAsync(cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";
            var version = p.LatestVersion == 0 ? null
                : await db.Set<ProposalVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.ProposalId == p.Id && v.Number == p.LatestVersion, cancellationToken);
            var fixList = await db.Set<ProposalFixList>().AsNoTracking().SingleOrDefaultAsync(f => f.ProposalId == p.Id, cancellationToken);
            var today = clock.Today();
            var commitments = (await db.Set<MissingDocumentCommitment>().AsNoTracking().Where(c => c.ProposalId == p.Id)
                    .OrderBy(c => c.DueDate).ThenBy(c => c.CommittedAt).ToListAsync(cancellationToken))
                .Select(c => new CommitmentRow(c.DocumentName, c.DueDate, c.StateOn(today), c.SuppliedAt)).ToList();
            var people = new List<Guid>();
            if (p.ScreenedBy is { } screener) people.Add(screener);
            if (fixList is not null) people.Add(fixList.IssuedBy);
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            return new View(p.Id, p.ContestId, contest.Title, contest.Stage, p.Number, p.Status, organisation, p.Channel, p.LatestVersion, p.LastSubmittedAt,
                version?.GetContent(), p.RejectionReason, p.AcceptedWithMissingDocuments,
                p.ScreenedBy is { } by ? names.GetValueOrDefault(by, "?") : null, p.ScreenedAt,
                fixList is null ? null : new FixListView(fixList.GetItems(), names.GetValueOrDefault(fixList.IssuedBy, "?"), fixList.IssuedAt,
                    fixList.AnsweredInVersion, fixList.AnsweredAt),
                commitments);
        }
    }
}
