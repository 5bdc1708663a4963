using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>Settles an approved claim through the ledger (reimbursement: Dr project expense / Cr bank; advance: Dr project expense / Cr advances).</summary>
public class SettleModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ClaimResource> t, TimeProvider clock)
    : ClaimScreen(mediator, tenant, clock)
{
    /// <summary>The form lives on the claim page: a plain visit goes there (after the same access check).</summary>
    public Task<IActionResult> OnGetAsync(Guid id) => BackToClaimAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, string? idempotencyKey, string? settledOn)
    {
        ClaimId = id;
        var settled = await Mediator.Send(new Settle { ClaimId = id, IdempotencyKey = idempotencyKey ?? "", SettledOn = settledOn ?? "" });
        return Done(id, t["Detail.SettledNotice", settled.EntryNumber]);
    }

    public sealed record Settled(Guid ClaimId, long EntryId, int EntryNumber);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Settle : ICommand<Settled>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public Guid ClaimId { get; set; }
        public string SettledOn { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => ClaimId.ToString();
    }

    public sealed class SettleValidator : AbstractValidator<Settle>
    {
        public SettleValidator(IStringLocalizer<ClaimResource> t, IStringLocalizer<KernelResource> k, TimeProvider clock)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(k);
            RuleFor(c => c.SettledOn).Cascade(CascadeMode.Stop).ValidDate(k)
                .Must(d => InputRules.Date(d) <= clock.Today()).WithMessage(_ => t["Settle.DateInFuture"]);
        }
    }

    public sealed class SettleHandler(IFundPayments payments, AppDbContext db, ITenantContext tenant, ICurrentUser user,
        TimeProvider clock, Handoffs handoffs, TrancheChecks checks, IStringLocalizer<ClaimResource> t) : IRequestHandler<Settle, Settled>
    {
        public async Task<Settled> Handle(Settle request, CancellationToken cancellationToken)
        {
            var date = InputRules.Date(request.SettledOn);
            // The project's row lock first: settlements of one project go one after another and each sees the others' result.
            var claim = await Filing.LockClaimAsync(db, tenant, user, request.ClaimId, cancellationToken);
            if (claim.Status == ClaimStatus.Settled) throw Refusal.Because(t["Settle.AlreadySettled"]);
            if (claim.Status != ClaimStatus.Approved) throw Refusal.Because(t["Settle.NotApproved"]);
            var project = await db.Set<Project>().AsNoTracking().SingleAsync(p => p.Id == claim.ProjectId, cancellationToken);
            // The same holds as a tranche payment: no money out while the project or its award is held.
            if (await checks.HoldsAsync(project, cancellationToken) is { Count: > 0 } held) throw Refusal.Because(held);
            var advance = project.Mode == FundingMode.Advance;
            if (advance)
            {
                var outstanding = await AdvanceCloseOut.OutstandingAsync(db, payments, project, cancellationToken);
                if (claim.Total > outstanding) throw Refusal.Because(t["Settle.OverOutstandingAdvance", Formats.Money(outstanding), Formats.Money(claim.Total)]);
            }
            string description;
            using (Cultures.Use(Cultures.Chinese))
                description = t[advance ? "Settle.WriteOffDescription" : "Settle.ReimburseDescription", project.Number, project.Title, claim.Number].Value;
            PostedEntry entry;
            try
            {
                entry = await payments.PayOutAsync(new FundPayment(project.PayingFundId, claim.Total, FundAccountRole.ProjectExpense, date, description,
                    advance ? EntryKind.AdvanceWriteOff : EntryKind.Reimbursement, ClaimSource.Type, claim.Id,
                    Credit: advance ? FundAccountRole.Advances : FundAccountRole.Bank), cancellationToken);
            }
            catch (ValidationException)
            {
                // The ledger's overdraft guard: another payment from the fund got there first.
                throw Refusal.Because(t[advance ? "Settle.AdvanceCannotCover" : "Settle.FundCannotCover", Formats.Money(claim.Total)]);
            }
            claim.Status = ClaimStatus.Settled;
            claim.SettledAt = clock.GetUtcNow();
            claim.JournalEntryId = entry.Id;
            claim.Version++;
            await handoffs.CloseStepAsync(TimedStep.Payment, claim.Id, cancellationToken);
            await handoffs.TellOrganisationAsync(project.OrganisationId, "ClaimSettled", "/claims/" + claim.Id, cancellationToken,
                claim.Number, Handoffs.Name(project.Number, project.Title), Formats.Money(claim.Total));
            return new Settled(claim.Id, entry.Id, entry.Number);
        }
    }
}
