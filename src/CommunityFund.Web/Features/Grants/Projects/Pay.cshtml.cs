using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// Records the bank payment of an approved tranche: the ledger entry (Dr advances to grantees / Cr bank, from the
/// project's fund) is posted through the ledger's pay-out port (<see cref="IFundPayments.PayOutAsync"/>) in the same transaction as the tranche
/// turns Paid. Refused, with nothing saved, whenever any disbursement check fails. A double submit pays once (the
/// form's idempotency key) and two secretaries paying the same tranche at once pay it once (the project's row lock).
/// </summary>
public class PayModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProjectResource> t, TimeProvider clock) : PageModel, IReloadOnInvalid
{
    [BindProperty] public PayTranche Input { get; set; } = new();
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, Guid trancheId)
    {
        Input.ProjectId = id;
        Input.TrancheId = trancheId;
        Input.IdempotencyKey = InputRules.NewIdempotencyKey();
        Input.PaidOn = Formats.Date(clock.Today());
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid trancheId)
    {
        Input.ProjectId = id;
        Input.TrancheId = trancheId;
        var paid = await mediator.Send(Input);
        TempData["Notice"] = t["Pay.PaidNotice", paid.Sequence, paid.EntryNumber].Value;
        return RedirectToPage("/Grants/Projects/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProjectId = Input.ProjectId, TrancheId = Input.TrancheId });

    public sealed record View(Guid ProjectId, int Number, string Title, string Organisation, int Sequence, decimal Amount, TrancheStatus Status,
        string FundZh, string FundEn, decimal FundBank, IReadOnlyList<string> Refusals);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProjectId { get; init; }
        public Guid TrancheId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, TrancheChecks checks, IFundDirectory funds) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var project = await db.Set<Project>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProjectId, cancellationToken)
                          ?? throw new NotFoundException("No such project in this tenant.");
            var plan = await db.Set<Tranche>().AsNoTracking().Where(x => x.ProjectId == project.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var tranche = plan.SingleOrDefault(x => x.Id == request.TrancheId) ?? throw new NotFoundException("No such tranche on this project.");
            var organisation = await db.Set<Organisation>().Where(o => o.Id == project.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var fund = await funds.FindAsync(project.PayingFundId, cancellationToken)
                       ?? throw new InvalidOperationException("A project's paying fund always exists (a foreign key).");
            var refusals = tranche.Status == TrancheStatus.Approved ? await checks.RefusalsAsync(project, tranche, plan, cancellationToken) : [];
            return new View(project.Id, project.Number, project.Title, organisation, tranche.Sequence, tranche.Amount, tranche.Status, fund.NameZh, fund.NameEn,
                await checks.BankBalanceAsync(project.PayingFundId, cancellationToken), refusals);
        }
    }

    public sealed record Paid(Guid TrancheId, int Sequence, long EntryId, int EntryNumber);

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class PayTranche : ICommand<Paid>, IIdempotentCommand, IHasAuditTarget
    {
        public string IdempotencyKey { get; set; } = "";
        public Guid ProjectId { get; set; }
        public Guid TrancheId { get; set; }
        public string PaidOn { get; set; } = "";
        public string BankReference { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProjectId}:tranche:{TrancheId}:{BankReference.Trim()}";
    }

    public sealed class Validator : AbstractValidator<PayTranche>
    {
        public Validator(IStringLocalizer<ProjectResource> t, IStringLocalizer<KernelResource> l, TimeProvider clock)
        {
            RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey(l);
            RuleFor(c => c.PaidOn).Cascade(CascadeMode.Stop).ValidDate(l)
                .Must(d => InputRules.Date(d) <= clock.Today()).WithMessage(_ => t["Pay.DateInFuture"]);
            RuleFor(c => c.BankReference).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Pay.BankReferenceRequired"])
                .Must(r => r.Trim().Length <= Tranche.ReferenceMax).WithMessage(_ => t["Pay.BankReferenceTooLong", Tranche.ReferenceMax]);
        }
    }

    public sealed class Handler(IFundPayments payments, AppDbContext db, ITenantContext tenant, ICurrentUser user, TrancheChecks checks,
        Handoffs handoffs, IStringLocalizer<ProjectResource> t) : IRequestHandler<PayTranche, Paid>
    {
        public async Task<Paid> Handle(PayTranche request, CancellationToken cancellationToken)
        {
            // The project's row lock first: a second payment of the same tranche waits here and then sees it paid.
            var project = await ProjectAccess.LockAndLoadAsync(db, tenant, request.ProjectId, cancellationToken);
            var plan = await db.Set<Tranche>().Where(x => x.ProjectId == project.Id).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
            var tranche = plan.SingleOrDefault(x => x.Id == request.TrancheId) ?? throw new NotFoundException("No such tranche on this project.");
            if (tranche.Status == TrancheStatus.Paid) throw Refusal.Because(t["Pay.AlreadyPaid", tranche.Sequence]);
            if (tranche.Status != TrancheStatus.Approved) throw Refusal.Because(t["Pay.NotApproved", tranche.Sequence]);
            var refusals = await checks.RefusalsAsync(project, tranche, plan, cancellationToken);
            if (refusals.Count > 0) throw Refusal.Because(refusals);

            var date = InputRules.Date(request.PaidOn);
            string description;
            using (Cultures.Use(Cultures.Chinese))
                description = t["Pay.EntryDescription", project.Number, project.Title, tranche.Sequence, request.BankReference.Trim()].Value;
            PostedEntry entry;
            try
            {
                entry = await payments.PayOutAsync(new FundPayment(project.PayingFundId, tranche.Amount, FundAccountRole.Advances, date, description,
                    EntryKind.Disbursement, TrancheSource.Type, tranche.Id), cancellationToken);
            }
            catch (ValidationException)
            {
                // The ledger's overdraft guard (another payment from the fund got there first): say it in the project's words.
                var bank = await checks.BankBalanceAsync(project.PayingFundId, cancellationToken);
                if (bank < tranche.Amount) throw Refusal.Because(await checks.FundCannotCoverAsync(project.PayingFundId, bank, tranche.Amount, cancellationToken));
                throw;
            }
            tranche.Status = TrancheStatus.Paid;
            tranche.PaidOn = date;
            tranche.BankReference = request.BankReference.Trim();
            tranche.PaidBy = user.UserId;
            tranche.JournalEntryId = entry.Id;
            tranche.Version++;
            await handoffs.CloseStepAsync(TimedStep.Payment, tranche.Id, cancellationToken);
            await handoffs.TellOrganisationAsync(project.OrganisationId, "TranchePaid", "/projects/" + project.Id, cancellationToken,
                Handoffs.Name(project.Number, project.Title), tranche.Sequence, Formats.Money(tranche.Amount), Formats.Date(date), tranche.BankReference);
            return new Paid(tranche.Id, tranche.Sequence, entry.Id, entry.Number);
        }
    }
}
