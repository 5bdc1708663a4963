using CommunityFund.Web.Features.Contests.Organisations;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Submitting appends an immutable version: the first submission, a resubmission answering every item of the one-time
/// fix list (一次性告知), or a revision during refinement (the proposal stays accepted). The form is on the proposal
/// page, which is shown again with the errors.
/// </summary>
public class SubmitModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t) : ProposalScreen(mediator, tenant)
{
    /// <summary>The form lives on the proposal page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToProposalAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, [Bind(Prefix = "Input")] SubmitCommand input)
    {
        ProposalId = id;
        Input = input;
        Input.ProposalId = id; // the proposal is the one in the address, whatever the form says
        var version = await Mediator.Send(Input);
        return Done(id, t["Submit.SubmittedNotice", version]);
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
                throw Refusal.Because(t[refusal, c["ContestStage." + contest.Stage]]);
            if (proposal.Version != request.Version) throw Refusal.Because(t["Proposals.Stale"]);

            var content = proposal.GetDraft();
            var issues = ProposalChecks.ForSubmission(content, contest.PerProjectCap, contest.Categories);
            if (issues.Count > 0) throw Refusal.Because(issues.Select(i => ProposalChecks.Message(i, t)));

            var kind = ProposalLifecycle.KindOf(proposal.Status);
            if (kind == SubmitKind.Revision)
            {
                var latest = await db.Set<ProposalVersion>().Where(v => v.ProposalId == proposal.Id && v.Number == proposal.LatestVersion)
                    .Select(v => v.ContentJson).SingleAsync(cancellationToken);
                if (ProposalContent.FromJson(latest).ToJson() == content.ToJson()) throw Refusal.Because(t["Submit.NothingChanged", proposal.LatestVersion]);
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
            if (open.Count > 0) throw Refusal.Because(t["Submit.FixesOpen", string.Join("；", open)], nameof(SubmitCommand.Fixes));
            fixList.SetItems(items.Select((item, i) =>
            {
                var answer = ProposalFields.Clean(answers[i].Answer);
                return item with { Done = true, Answer = answer.Length == 0 ? null : answer };
            }));
        }
    }
}
