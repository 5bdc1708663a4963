using CommunityFund.Web.Infrastructure.Files;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Removes one line, and its receipt, from a Draft or Returned claim.</summary>
public class RemoveLineModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock)
    : ClaimScreen(mediator, tenant, clock)
{
    /// <summary>The form lives on the claim page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToClaimAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, Guid lineId)
    {
        ClaimId = id;
        await Mediator.Send(new RemoveLine { ClaimId = id, LineId = lineId });
        return Done(id, t["Detail.LineRemovedNotice"]);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class RemoveLine : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ClaimId { get; set; }
        public Guid LineId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ClaimId}:line:{LineId}";
    }

    public sealed class RemoveLineHandler(AppDbContext db, ITenantContext tenant, ICurrentUser user, IFileStore files, AfterCommitMail afterCommit,
        IStringLocalizer<ClaimResource> t) : IRequestHandler<RemoveLine, Guid>
    {
        public async Task<Guid> Handle(RemoveLine request, CancellationToken cancellationToken)
        {
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (!ClaimRules.Editable(claim.Status)) throw Refusal.Because(t["Claim.NotEditable"]);
            var line = await db.Set<ExpenseClaimLine>().SingleOrDefaultAsync(l => l.Id == request.LineId && l.ClaimId == claim.Id, cancellationToken)
                       ?? throw new NotFoundException("No such line on this claim.");
            db.Remove(line);
            claim.Total -= line.Amount;
            claim.Version++;
            // The receipt goes with its line, but only once the removal is committed (a rolled-back removal keeps both).
            var key = line.ReceiptStorageKey;
            afterCommit.Enqueue(db, ct => files.DeleteAsync(key, ct), $"receipt {key} of a removed claim line");
            return claim.Id;
        }
    }
}
