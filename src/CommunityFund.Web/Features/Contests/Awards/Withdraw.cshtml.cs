using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>The preparer withdraws a proposed award list (the button is on the award page, shown again with the errors).</summary>
public class WithdrawModel(IMediator mediator, ITenantContext tenant, ICurrentUser user, IStringLocalizer<AwardsResource> t) : AwardsScreen(mediator, tenant, user)
{
    /// <summary>The button lives on the award page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid contestId) => BackToAwardsAsync(contestId);

    public async Task<IActionResult> OnPostAsync(Guid contestId, Guid listId)
    {
        ContestId = contestId;
        await Mediator.Send(new Withdraw { ContestId = contestId, AwardListId = listId });
        return Done(contestId, t["Awards.WithdrawnNotice"]);
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
            var (contest, list) = await AwardRows.LoadForDecisionAsync(db, tenant, request.ContestId, request.AwardListId, cancellationToken);
            if (contest.Stage != ContestStage.ScoringClosed) throw Refusal.Because(t["Awards.WrongStage"]);
            if (list.Status != AwardListStatus.Proposed) throw Refusal.Because(t["Awards.NotProposed", t["AwardStatus." + list.Status]]);
            if (list.PreparedBy != me) throw Refusal.Because(t["Awards.OnlyPreparerWithdraws"]);
            list.Status = AwardListStatus.Withdrawn;
            list.WithdrawnBy = me;
            list.WithdrawnAt = clock.GetUtcNow();
            list.Version++;
            return list.Id;
        }
    }
}
