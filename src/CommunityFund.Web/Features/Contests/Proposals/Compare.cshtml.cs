namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Two submitted versions of a proposal side by side (DESIGN §4: every submitted version is kept and two can be
/// compared): each field with the changed ones marked, and the budget lines matched by item (<see cref="ProposalDiff"/>).
/// </summary>
public class CompareModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, int? a, int? b) => Data = await mediator.Send(new Query { ProposalId = id, A = a, B = b });

    public sealed record VersionInfo(int Number, DateTimeOffset SubmittedAt, string SubmittedBy);

    /// <summary><see cref="Comparison"/> is null while the proposal has fewer than two versions.</summary>
    public sealed record View(Guid Id, int Number, string Title, Guid ContestId, string ContestTitle, IReadOnlyList<VersionInfo> Versions,
        VersionInfo? Before, VersionInfo? After, ProposalComparison? Comparison);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember, TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
        public int? A { get; init; }
        public int? B { get; init; }
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (proposal, _) = await ProposalAccess.OpenAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            var versions = await db.Set<ProposalVersion>().AsNoTracking().Where(v => v.ProposalId == proposal.Id).OrderBy(v => v.Number)
                .ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, versions.Select(v => v.SubmittedBy), cancellationToken);
            VersionInfo Info(ProposalVersion v) => new(v.Number, v.SubmittedAt, names.GetValueOrDefault(v.SubmittedBy, "?"));
            var infos = versions.Select(Info).ToList();
            var title = versions.Count > 0 ? proposal.Title : proposal.GetDraft().Title;
            if (versions.Count < 2 && request.A is null && request.B is null)
                return new View(proposal.Id, proposal.Number, title, contest.Id, contest.Title, infos, null, null, null);

            var latest = versions.Count == 0 ? 0 : versions[^1].Number;
            var before = Find(request.A ?? latest - 1);
            var after = Find(request.B ?? latest);
            var comparison = ProposalDiff.Compare(before.GetContent(), after.GetContent());
            return new View(proposal.Id, proposal.Number, title, contest.Id, contest.Title, infos, Info(before), Info(after), comparison);

            ProposalVersion Find(int number) =>
                versions.SingleOrDefault(v => v.Number == number) ?? throw new NotFoundException("No such version of this proposal.");
        }
    }
}
