using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>The secretariat proposes the award list from the ranking (the form is on the award page, shown again with the errors).</summary>
public class ProposeModel(IMediator mediator, ITenantContext tenant, ICurrentUser user, IStringLocalizer<AwardsResource> t) : AwardsScreen(mediator, tenant, user)
{
    /// <summary>The form lives on the award page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid contestId) => BackToAwardsAsync(contestId);

    public async Task<IActionResult> OnPostAsync(Guid contestId, [Bind(Prefix = "Input")] Propose input)
    {
        ContestId = contestId;
        Input = input;
        Input.ContestId = contestId; // the contest is the one in the address, whatever the form says
        await Mediator.Send(Input);
        return Done(contestId, t["Awards.ProposedNotice"]);
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
            if (contest.Stage != ContestStage.ScoringClosed) throw Refusal.Because(t["Awards.WrongStage"]);
            if (await db.Set<AwardList>().AnyAsync(l => l.ContestId == contest.Id && l.Status != AwardListStatus.Withdrawn, cancellationToken))
                throw Refusal.Because(t["Awards.ActiveListExists"]);
            if (loaded.Results.Ranking.Count == 0) throw Refusal.Because(t["Awards.RankingEmpty"]);

            string NumberOf(Guid? id) => id is { } g && loaded.Proposals.TryGetValue(g, out var p)
                ? p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

            // The typed amounts first, each problem naming the proposal, so the secretariat sees every mistake at once.
            var failures = new List<string>();
            var cuts = new List<AwardCut>();
            foreach (var cut in (request.Cuts ?? []).Where(c => !c.IsBlank))
            {
                var number = NumberOf(cut.ProposalId);
                if (string.IsNullOrWhiteSpace(cut.Amount)) { failures.Add(t["Awards.CutAmountMissing", number]); continue; }
                var problem = MoneyInput.Parse(cut.Amount, out var amount);
                if (problem != MoneyInput.Problem.None) { failures.Add(t["Awards.CutAmountInvalid", number, money[MoneyInput.MessageKey(problem)]]); continue; }
                if ((cut.Reason ?? "").Trim().Length > AwardItem.ReasonMax) { failures.Add(t["Awards.CutReasonTooLong", number, AwardItem.ReasonMax]); continue; }
                cuts.Add(new AwardCut(cut.ProposalId, amount, cut.Reason ?? ""));
            }
            if (failures.Count > 0) throw Refusal.Because(failures);

            var plan = AwardProposal.Propose(loaded.Results.Ranking, contest.TotalBudget, cuts);
            if (plan.IsRefused)
                throw Refusal.Because(plan.Problems.Select(p => Message(p, NumberOf(p.ProposalId), loaded)));

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
}
