using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>A committee member confirms a proposed award list (the form is on the award page, shown again with the errors).</summary>
public class ConfirmModel(IMediator mediator, ITenantContext tenant, ICurrentUser user, IStringLocalizer<AwardsResource> t) : AwardsScreen(mediator, tenant, user)
{
    /// <summary>The form lives on the award page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid contestId) => BackToAwardsAsync(contestId);

    public async Task<IActionResult> OnPostAsync(Guid contestId, Guid listId, [FromForm(Name = "ConfirmNote")] string? note)
    {
        ContestId = contestId;
        ConfirmNote = note ?? "";
        await Mediator.Send(new Confirm { ContestId = contestId, AwardListId = listId, Note = ConfirmNote });
        return Done(contestId, t["Awards.ConfirmedNotice"]);
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
            var (contest, list) = await AwardRows.LoadForDecisionAsync(db, tenant, request.ContestId, request.AwardListId, cancellationToken);
            if (contest.Stage != ContestStage.ScoringClosed) throw Refusal.Because(t["Awards.WrongStage"]);
            if (list.Status != AwardListStatus.Proposed) throw Refusal.Because(t["Awards.NotProposed", t["AwardStatus." + list.Status]]);
            // Invariant 8: never approved by its preparer, even when the preparer is also on the committee.
            if (list.PreparedBy == me) throw Refusal.Because(t["Awards.PreparerCannotConfirm"]);
            // Form-level: the note sits in the confirm form, not in the page's Input.
            if ((request.Note ?? "").Trim().Length > AwardList.NoteMax) throw Refusal.Because(t["Awards.NoteTooLong", AwardList.NoteMax]);
            list.Status = AwardListStatus.Confirmed;
            list.ConfirmedBy = me;
            list.ConfirmedAt = clock.GetUtcNow();
            list.ConfirmNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            list.Version++;
            return list.Id;
        }
    }
}
