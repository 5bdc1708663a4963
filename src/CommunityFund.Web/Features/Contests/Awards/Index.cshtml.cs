using FluentValidation.Results;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>
/// The award list (DESIGN §4 Award): once scoring is closed the secretariat proposes it from the ranking, greedy within
/// the budget, with cuts that each carry a reason; a committee member other than the preparer confirms it (maker-checker,
/// §5/§8). The preparer may withdraw a proposed list and propose again. Committee and auditors read it.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<AwardsResource> t, ICurrentUser user) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Propose Input { get; set; } = new();
    /// <summary>The committee member's note when confirming (the confirm form's only field).</summary>
    [BindProperty] public string ConfirmNote { get; set; } = "";
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));
    public bool IsCommittee => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Committee));
    public Guid? Me => user.UserId;

    public async Task OnGetAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await mediator.Send(Input);
        return Done(contestId, t["Awards.ProposedNotice"]);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid contestId, Guid listId)
    {
        Input.ContestId = contestId;
        await mediator.Send(new Withdraw { ContestId = contestId, AwardListId = listId });
        return Done(contestId, t["Awards.WithdrawnNotice"]);
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid contestId, Guid listId)
    {
        Input.ContestId = contestId;
        await mediator.Send(new Confirm { ContestId = contestId, AwardListId = listId, Note = ConfirmNote });
        return Done(contestId, t["Awards.ConfirmedNotice"]);
    }

    private RedirectToPageResult Done(Guid contestId, LocalizedString notice)
    {
        TempData["Notice"] = notice.Value;
        return RedirectToPage("/Contests/Awards/Index", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId });

    public sealed record RankedRow(Guid ProposalId, int Rank, int Number, string Title, string Organisation, decimal? ExpertScore, int Votes,
        decimal FinalScore, decimal Requested);

    public sealed record ListView(Guid Id, AwardListStatus Status, decimal TotalBudget, decimal TotalAwarded, Guid PreparedById, string PreparedBy,
        DateTimeOffset PreparedAt, string? ConfirmedBy, DateTimeOffset? ConfirmedAt, string? ConfirmNote, IReadOnlyList<AwardRow> Items)
    {
        public decimal Remaining => TotalBudget - TotalAwarded;
    }

    public sealed record WithdrawnView(DateTimeOffset PreparedAt, string PreparedBy, DateTimeOffset? WithdrawnAt, string? WithdrawnBy, decimal TotalAwarded);

    /// <summary><see cref="Ranking"/> is filled only when a list may be proposed (scoring closed, no open or confirmed list).</summary>
    public sealed record View(Guid ContestId, string Title, ContestStage Stage, decimal TotalBudget, ListView? Current,
        IReadOnlyList<WithdrawnView> Withdrawn, IReadOnlyList<RankedRow> Ranking)
    {
        public bool CanPropose => Stage == ContestStage.ScoringClosed && Current is null;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var lists = await db.Set<AwardList>().AsNoTracking().Where(l => l.ContestId == contest.Id)
                .OrderByDescending(l => l.PreparedAt).ToListAsync(cancellationToken);
            var current = lists.FirstOrDefault(l => l.Status != AwardListStatus.Withdrawn);
            var people = lists.SelectMany(l => new[] { l.PreparedBy, l.ConfirmedBy ?? Guid.Empty, l.WithdrawnBy ?? Guid.Empty }).Where(g => g != Guid.Empty);
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            string Name(Guid? id) => id is { } g ? names.GetValueOrDefault(g, "?") : "";

            ListView? currentView = null;
            if (current is not null)
            {
                var items = await AwardRows.LoadAsync(db, current.Id, cancellationToken);
                currentView = new ListView(current.Id, current.Status, current.TotalBudget, current.TotalAwarded, current.PreparedBy, Name(current.PreparedBy),
                    current.PreparedAt, current.ConfirmedBy is null ? null : Name(current.ConfirmedBy), current.ConfirmedAt, current.ConfirmNote, items);
            }
            var withdrawn = lists.Where(l => l.Status == AwardListStatus.Withdrawn)
                .Select(l => new WithdrawnView(l.PreparedAt, Name(l.PreparedBy), l.WithdrawnAt, l.WithdrawnBy is null ? null : Name(l.WithdrawnBy), l.TotalAwarded))
                .ToList();

            IReadOnlyList<RankedRow> ranking = [];
            if (contest.Stage == ContestStage.ScoringClosed && current is null)
            {
                var loaded = await ContestResultsLoader.LoadAsync(db, contest.Id, cancellationToken);
                var orgs = await OrganisationNamesAsync(db, loaded, cancellationToken);
                ranking = loaded.Results.Ranking.Select(r =>
                {
                    var p = loaded.Proposals[r.ProposalId];
                    return new RankedRow(r.ProposalId, r.Rank, p.Number, p.Title, orgs.GetValueOrDefault(p.OrganisationId, "?"), r.ExpertScore, r.Votes,
                        r.FinalScore, r.RequestedAmount);
                }).ToList();
            }
            return new View(contest.Id, contest.Title, contest.Stage, contest.TotalBudget, currentView, withdrawn, ranking);
        }

        private static async Task<Dictionary<Guid, string>> OrganisationNamesAsync(AppDbContext db, LoadedResults loaded, CancellationToken ct)
        {
            var ids = loaded.Proposals.Values.Select(p => p.OrganisationId).Distinct().ToList();
            return await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        }
    }

    /// <summary>A cut typed on the form: blank amount and blank reason mean "no cut".</summary>
    public sealed class CutInput
    {
        public Guid ProposalId { get; set; }
        public string Amount { get; set; } = "";
        public string Reason { get; set; } = "";

        public bool IsBlank => string.IsNullOrWhiteSpace(Amount) && string.IsNullOrWhiteSpace(Reason);
    }

    /// <summary>Propose the award list from the current ranking. Secretariat, scoring closed, no open or confirmed list.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Propose : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public List<CutInput> Cuts { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => ContestId.ToString();
    }

    public sealed class ProposeHandler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock,
        IStringLocalizer<AwardsResource> t, IStringLocalizer<KernelResource> money) : IRequestHandler<Propose, Guid>
    {
        public async Task<Guid> Handle(Propose request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            await AwardRows.LockContestAsync(db, tenant, request.ContestId, cancellationToken);
            var loaded = await ContestResultsLoader.LoadAsync(db, request.ContestId, cancellationToken);
            var contest = loaded.Contest;
            if (contest.Stage != ContestStage.ScoringClosed) throw Refuse(t["Awards.WrongStage"]);
            if (await db.Set<AwardList>().AnyAsync(l => l.ContestId == contest.Id && l.Status != AwardListStatus.Withdrawn, cancellationToken))
                throw Refuse(t["Awards.ActiveListExists"]);
            if (loaded.Results.Ranking.Count == 0) throw Refuse(t["Awards.RankingEmpty"]);

            string NumberOf(Guid? id) => id is { } g && loaded.Proposals.TryGetValue(g, out var p)
                ? p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

            // The typed amounts first, each problem naming the proposal, so the secretariat sees every mistake at once.
            var failures = new List<ValidationFailure>();
            var cuts = new List<AwardCut>();
            foreach (var cut in (request.Cuts ?? []).Where(c => !c.IsBlank))
            {
                var number = NumberOf(cut.ProposalId);
                if (string.IsNullOrWhiteSpace(cut.Amount)) { failures.Add(new("", t["Awards.CutAmountMissing", number])); continue; }
                var problem = MoneyInput.Parse(cut.Amount, out var amount);
                if (problem != MoneyInput.Problem.None) { failures.Add(new("", t["Awards.CutAmountInvalid", number, money[MoneyInput.MessageKey(problem)]])); continue; }
                if ((cut.Reason ?? "").Trim().Length > AwardItem.ReasonMax) { failures.Add(new("", t["Awards.CutReasonTooLong", number, AwardItem.ReasonMax])); continue; }
                cuts.Add(new AwardCut(cut.ProposalId, amount, cut.Reason ?? ""));
            }
            if (failures.Count > 0) throw new ValidationException(failures);

            var plan = AwardProposal.Propose(loaded.Results.Ranking, contest.TotalBudget, cuts);
            if (plan.IsRefused)
                throw new ValidationException(plan.Problems.Select(p => new ValidationFailure("", Message(p, NumberOf(p.ProposalId), loaded))));

            var now = clock.GetUtcNow();
            var list = new AwardList
            {
                ContestId = contest.Id, Status = AwardListStatus.Proposed, TotalBudget = plan.TotalBudget, TotalAwarded = plan.Awarded,
                PreparedBy = me, PreparedAt = now,
            };
            db.Add(list);
            var results = loaded.Results.Ranking.ToDictionary(r => r.ProposalId);
            foreach (var line in plan.Lines)
            {
                var r = results[line.ProposalId];
                db.Add(new AwardItem
                {
                    AwardListId = list.Id, ProposalId = line.ProposalId, Rank = line.Rank, ExpertScore = r.ExpertScore, Votes = r.Votes,
                    ResidentScore = r.ResidentScore, FinalScore = r.FinalScore, Requested = line.Requested, Amount = line.Amount,
                    Outcome = line.Outcome, CutReason = line.CutReason,
                });
            }
            return list.Id;
        }

        private string Message(AwardProblem p, string number, LoadedResults loaded) => p.Code switch
        {
            AwardProblemCode.BudgetNegative => t["Award.BudgetNegative"],
            AwardProblemCode.RequestedNotPositive => t["Award.RequestedNotPositive", number],
            AwardProblemCode.CutForUnknownProposal => t["Award.CutForUnknownProposal"],
            AwardProblemCode.DuplicateCut => t["Award.DuplicateCut", number],
            AwardProblemCode.CutNotPositive => t["Award.CutNotPositive", number],
            AwardProblemCode.CutTooManyDecimals => t["Award.CutTooManyDecimals", number],
            AwardProblemCode.CutAboveRequested => t["Award.CutAboveRequested", number,
                Formats.Money(p.ProposalId is { } id && loaded.Proposals.TryGetValue(id, out var proposal) ? proposal.RequestedAmount : 0m)],
            AwardProblemCode.CutWithoutReason => t["Award.CutWithoutReason", number],
            _ => throw new ArgumentOutOfRangeException(nameof(p), p.Code, null),
        };
    }

    /// <summary>The preparer takes back a proposed list (kept, marked withdrawn) so a new one can be proposed.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Withdraw : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid AwardListId { get; set; }
        string? IHasAuditTarget.AuditTarget => AwardListId.ToString();
    }

    public sealed class WithdrawHandler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock, IStringLocalizer<AwardsResource> t)
        : IRequestHandler<Withdraw, Guid>
    {
        public async Task<Guid> Handle(Withdraw request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var (contest, list) = await LoadForDecisionAsync(db, tenant, request.ContestId, request.AwardListId, cancellationToken);
            if (contest.Stage != ContestStage.ScoringClosed) throw Refuse(t["Awards.WrongStage"]);
            if (list.Status != AwardListStatus.Proposed) throw Refuse(t["Awards.NotProposed", t["AwardStatus." + list.Status]]);
            if (list.PreparedBy != me) throw Refuse(t["Awards.OnlyPreparerWithdraws"]);
            list.Status = AwardListStatus.Withdrawn;
            list.WithdrawnBy = me;
            list.WithdrawnAt = clock.GetUtcNow();
            list.Version++;
            return list.Id;
        }
    }

    /// <summary>A committee member who did not prepare the list confirms it (maker-checker); the note is optional.</summary>
    [RequiresTenantRole(TenantRole.Committee)]
    public sealed class Confirm : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid AwardListId { get; set; }
        public string Note { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => AwardListId.ToString();
    }

    public sealed class ConfirmHandler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock, IStringLocalizer<AwardsResource> t)
        : IRequestHandler<Confirm, Guid>
    {
        public async Task<Guid> Handle(Confirm request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var (contest, list) = await LoadForDecisionAsync(db, tenant, request.ContestId, request.AwardListId, cancellationToken);
            if (contest.Stage != ContestStage.ScoringClosed) throw Refuse(t["Awards.WrongStage"]);
            if (list.Status != AwardListStatus.Proposed) throw Refuse(t["Awards.NotProposed", t["AwardStatus." + list.Status]]);
            // Invariant 8: never approved by its preparer, even when the preparer is also on the committee.
            if (list.PreparedBy == me) throw Refuse(t["Awards.PreparerCannotConfirm"]);
            // Form-level: the note sits in the confirm form, not in the page's Input.
            if ((request.Note ?? "").Trim().Length > AwardList.NoteMax) throw Refuse(t["Awards.NoteTooLong", AwardList.NoteMax]);
            list.Status = AwardListStatus.Confirmed;
            list.ConfirmedBy = me;
            list.ConfirmedAt = clock.GetUtcNow();
            list.ConfirmNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            list.Version++;
            return list.Id;
        }
    }

    private static async Task<(Contest Contest, AwardList List)> LoadForDecisionAsync(
        AppDbContext db, ITenantContext tenant, Guid contestId, Guid listId, CancellationToken ct)
    {
        await AwardRows.LockContestAsync(db, tenant, contestId, ct);
        var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, ct)
                      ?? throw new NotFoundException("No such contest in this tenant.");
        var list = await db.Set<AwardList>().SingleOrDefaultAsync(l => l.Id == listId && l.ContestId == contestId, ct)
                   ?? throw new NotFoundException("No such award list in this contest.");
        return (contest, list);
    }

    private static ValidationException Refuse(LocalizedString message) => new([new ValidationFailure("", message)]);
}
