using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>The secretariat approves a submitted claim for the committee, rejects it, or returns it once with a list of fixes.</summary>
public class ReviewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock)
    : ClaimScreen(mediator, tenant, clock)
{
    /// <summary>The form lives on the claim page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToClaimAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, ReviewAction action, string? reason, string? fixes)
    {
        ClaimId = id;
        var status = await Mediator.Send(new Review { ClaimId = id, Action = action, Reason = reason ?? "", Fixes = fixes ?? "" });
        return Done(id, t["Detail.ReviewedNotice", t["ClaimStatus." + status]]);
    }

    public enum ReviewAction { Approve = 1, Reject = 2, Return = 3 }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Review : ICommand<ClaimStatus>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        public ReviewAction Action { get; set; }
        public string Reason { get; set; } = "";
        /// <summary>The one-time list of fixes, one per line.</summary>
        public string Fixes { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ClaimId}:{Action}";
    }

    public sealed class ReviewHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, ApprovalService approvals,
        Handoffs handoffs, IStringLocalizer<ClaimResource> t) : IRequestHandler<Review, ClaimStatus>
    {
        public async Task<ClaimStatus> Handle(Review request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (claim.Status != ClaimStatus.Submitted) throw Refusal.Because(t["Review.NotSubmitted"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            switch (request.Action)
            {
                case ReviewAction.Approve:
                    string summary;
                    using (Cultures.Use(Cultures.Chinese)) summary = t["Review.ApprovalSummary", claim.Number, project.Number, project.Title, Formats.Money(claim.Total)].Value;
                    var approval = await approvals.RequestAsync(ApprovalKind.ClaimPayment, claim.Id, project.OrganisationId, claim.Total, summary, cancellationToken);
                    claim.ApprovalRequestId = approval.Id;
                    claim.Status = ClaimStatus.AwaitingApproval;
                    break;
                case ReviewAction.Reject:
                    var reason = request.Reason.Trim();
                    if (reason.Length == 0) throw Refusal.Because(t["Review.ReasonRequired"]);
                    if (reason.Length > ExpenseClaim.ReasonMax) throw Refusal.Because(t["Line.TooLong", ExpenseClaim.ReasonMax]);
                    claim.RejectionReason = reason;
                    claim.Status = ClaimStatus.Rejected;
                    break;
                case ReviewAction.Return:
                    if (claim.FixListJson is not null) throw Refusal.Because(t["Review.AlreadyReturned"]);
                    var fixes = request.Fixes.Split('\n').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
                    if (fixes.Count == 0) throw Refusal.Because(t["Review.FixesRequired"]);
                    if (fixes.Sum(x => x.Length) > 4000) throw Refusal.Because(t["Line.TooLong", 4000]);
                    claim.SetFixList(fixes);
                    claim.Status = ClaimStatus.Returned;
                    break;
                default:
                    throw Refusal.Because(t["Review.UnknownAction"]);
            }
            claim.ReviewedBy = user.UserId;
            claim.ReviewedAt = clock.GetUtcNow();
            claim.Version++;
            await handoffs.CloseStepAsync(TimedStep.ClaimReview, claim.Id, cancellationToken);
            var projectName = Handoffs.Name(project.Number, project.Title);
            if (claim.Status == ClaimStatus.Returned)
                await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimReturned", "/claims/" + claim.Id, cancellationToken,
                    claim.Number, projectName, Handoffs.List(claim.GetFixList()));
            if (claim.Status == ClaimStatus.Rejected)
                await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimRejected", "/claims/" + claim.Id, cancellationToken,
                    claim.Number, projectName, claim.RejectionReason ?? "");
            return claim.Status;
        }
    }
}
