using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Submits a claim to the secretariat, checking its lines against the budget again.</summary>
public class SubmitModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock)
    : ClaimScreen(mediator, tenant, clock)
{
    /// <summary>The form lives on the claim page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToClaimAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ClaimId = id;
        await Mediator.Send(new Submit { ClaimId = id });
        return Done(id, t["Detail.SubmittedNotice"]);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Submit : ICommand<ClaimStatus>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        string? IHasAuditTarget.AuditTarget => ClaimId.ToString();
    }

    public sealed class SubmitHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, Handoffs handoffs, IStringLocalizer<ClaimResource> t)
        : IRequestHandler<Submit, ClaimStatus>
    {
        public async Task<ClaimStatus> Handle(Submit request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (!ClaimRules.Editable(claim.Status)) throw Refusal.Because(t["Claim.NotEditable"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            if (!ClaimRules.OpenProjectStatuses.Contains(project.Status)) throw Refusal.Because(t["Claim.ProjectNotOpen"]);
            var lines = await db.Set<ExpenseClaimLine>().AsNoTracking().Where(l => l.ClaimId == claim.Id).ToListAsync(cancellationToken);
            if (lines.Count == 0) throw Refusal.Because(t["Submit.NoLines"]);
            // Another claim may have been submitted since these lines were added: the budget is checked again, under the project's lock.
            var usage = await ClaimRules.UsageAsync(db, project.Id, claim.Id, cancellationToken);
            var budget = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(b => b.ProjectId == project.Id).ToListAsync(cancellationToken);
            foreach (var b in budget)
            {
                var mine = lines.Where(l => l.BudgetLineId == b.Id).Sum(l => l.Amount);
                var u = usage.GetValueOrDefault(b.Id);
                var remaining = b.Approved - u.Spent - u.Pending;
                if (mine > remaining) throw Refusal.Because(t["Line.OverRemaining", b.Item, Formats.Money(remaining), Formats.Money(mine)]);
            }
            claim.Status = ClaimStatus.Submitted;
            claim.SubmittedAt = clock.GetUtcNow();
            claim.Version++;
            var projectName = Handoffs.Name(project.Number, project.Title);
            await handoffs.OpenStepAsync(TimedStep.ClaimReview, claim.Id, $"#{claim.Number} · {projectName}", "/claims/" + claim.Id, TenantRole.Secretariat, cancellationToken);
            await handoffs.TellRoleAsync(TenantRole.Secretariat, "ClaimSubmitted", "/claims/" + claim.Id, cancellationToken, claim.Number, projectName, Formats.Money(claim.Total));
            return claim.Status;
        }
    }
}
