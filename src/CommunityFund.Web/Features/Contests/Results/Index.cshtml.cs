using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Sheets;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Results;

/// <summary>
/// The contest ranking once scoring has closed (DESIGN §4 Aggregation): expert score (trimmed mean), resident votes,
/// weighted final score, every counted judge's raw sheet with its deviation, and which judges sat outside the panel.
/// Everything comes from <see cref="ContestResultsLoader"/>, the one path from stored sheets to a ranking. Staff only;
/// before scoring closes the page says so instead of showing anything.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ResultsResource> t) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId) => Data = await mediator.Send(new Query { ContestId = contestId });

    /// <summary>The ranking as CSV (UTF-8 with a byte-order mark so Excel shows the Chinese); the page itself before scoring closes.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid contestId)
    {
        Data = await mediator.Send(new Query { ContestId = contestId });
        if (!Data.Ready) return Page();
        var table = new Table(t["Results.SheetName"],
            [t["Field.Rank"], t["Field.Number"], t["Field.Title"], t["Field.Organisation"], t["Field.ExpertScore"], t["Field.Votes"],
                t["Field.ResidentScore"], t["Field.FinalScore"], t["Field.RequestedAmount"]],
            Tables.Rows(Data.Rows.Select(r => new object?[]
            {
                r.Rank, r.Number, r.Title, r.Organisation, r.ExpertScore, r.Votes, r.ResidentScore, r.FinalScore, r.RequestedAmount,
            })));
        var name = $"contest-results-{tenant.Current!.Identifier}-{Data.ContestId.ToString("N")[..8]}.csv";
        return new StreamedDownload(Tables.CsvType, name, (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
    }

    public sealed record JudgeLine(Guid JudgeId, string Name, IReadOnlyDictionary<string, decimal> Scores, decimal Total, decimal Deviation,
        bool Counted, decimal? DeviationsFromPanel, bool OutsidePanel);

    public sealed record Row(int Rank, Guid ProposalId, int Number, string Title, string Organisation, decimal? ExpertScore, int Votes,
        decimal ResidentScore, decimal FinalScore, decimal RequestedAmount, IReadOnlyList<JudgeLine> Judges, IReadOnlyList<string> ExcludedJudges);

    public sealed record Standing(Guid JudgeId, string Name, int ProposalsCounted, int ProposalsOutsidePanel, bool Flagged);

    public sealed record Criterion(string Id, string Name, decimal MaxPoints);

    public sealed record View(Guid ContestId, string Title, ContestStage Stage, bool Ready, int ExpertWeight, int ResidentWeight, int TrimWhenAtLeast,
        decimal OutlierStandardDeviations, int OutlierMinimumProposals, IReadOnlyList<Criterion> Criteria, IReadOnlyList<Row> Rows,
        IReadOnlyList<Standing> Judges);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class Handler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var rules = AggregationRules.Default;
            var criteria = contest.GetRubric().Criteria.Select(c => new Criterion(c.Id, SheetRules.NameOf(c), c.MaxPoints)).ToList();
            if (contest.Stage < ContestStage.ScoringClosed)
                return new View(contest.Id, contest.Title, contest.Stage, false, contest.ExpertWeight, contest.ResidentWeight, contest.TrimWhenAtLeast,
                    rules.OutlierStandardDeviations, rules.OutlierMinimumProposals, criteria, [], []);

            var loaded = await ContestResultsLoader.LoadAsync(db, contest.Id, cancellationToken);
            var orgIds = loaded.Proposals.Values.Select(p => p.OrganisationId).Distinct().ToList();
            var orgs = await db.Set<Organisation>().AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
            // Every declared conflict is shown, whether or not the judge had entered a sheet before declaring it.
            var conflicted = loaded.Conflicts.ToLookup(c => c.ProposalId, c => c.JudgeId);
            var judgeIds = loaded.Results.Ranking.SelectMany(r => r.Judges.Select(j => j.JudgeId).Concat(conflicted[r.ProposalId]))
                .Concat(loaded.Results.Judges.Select(j => j.JudgeId));
            var names = await People.NamesAsync(catalog, judgeIds, cancellationToken);
            var sheets = loaded.Sheets.ToDictionary(s => (s.JudgeId, s.ProposalId));

            var rows = loaded.Results.Ranking.Select(r =>
            {
                var p = loaded.Proposals[r.ProposalId];
                var judges = r.Judges
                    .Select(j => new JudgeLine(j.JudgeId, names.GetValueOrDefault(j.JudgeId, "?"),
                        sheets.TryGetValue((j.JudgeId, r.ProposalId), out var s) ? s.Scores : new Dictionary<string, decimal>(),
                        j.Total, j.Deviation, j.Counted, j.DeviationsFromPanel, j.OutsidePanel))
                    .OrderByDescending(j => j.Total).ThenBy(j => j.Name).ThenBy(j => j.JudgeId).ToList();
                return new Row(r.Rank, r.ProposalId, p.Number, p.Title, orgs.GetValueOrDefault(p.OrganisationId, "?"), r.ExpertScore, r.Votes,
                    r.ResidentScore, r.FinalScore, r.RequestedAmount, judges,
                    [.. conflicted[r.ProposalId].Distinct().Select(id => names.GetValueOrDefault(id, "?")).Order(StringComparer.Ordinal)]);
            }).ToList();
            var standings = loaded.Results.Judges
                .Select(j => new Standing(j.JudgeId, names.GetValueOrDefault(j.JudgeId, "?"), j.ProposalsCounted, j.ProposalsOutsidePanel, j.Flagged))
                .OrderByDescending(j => j.Flagged).ThenByDescending(j => j.ProposalsOutsidePanel).ThenBy(j => j.Name).ToList();
            return new View(contest.Id, contest.Title, contest.Stage, true, contest.ExpertWeight, contest.ResidentWeight, contest.TrimWhenAtLeast,
                rules.OutlierStandardDeviations, rules.OutlierMinimumProposals, criteria, rows, standings);
        }
    }
}
