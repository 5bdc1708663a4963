using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants.Claims;

/// <summary>
/// One expense claim: the organisation adds lines (each checked against the budget line's remaining money, the
/// tenant's invoice numbers, the project period and the receipt's content) while it is Draft or Returned and submits
/// it; the secretariat approves it for the committee, rejects it, or returns it once with a list of fixes; an approved
/// claim is settled through the ledger. Each of those is its own page (<see cref="AddLineModel"/>, <see cref="RemoveLineModel"/>,
/// <see cref="SubmitModel"/>, <see cref="ReviewModel"/>, <see cref="SettleModel"/>) whose form this page shows.
/// </summary>
public class DetailModel(IMediator mediator, ITenantContext tenant, TimeProvider clock) : ClaimScreen(mediator, tenant, clock)
{
    public async Task OnGetAsync(Guid id)
    {
        ClaimId = id;
        await ReloadAsync();
    }

    public sealed record LineView(Guid Id, string BudgetItem, DateOnly Date, string Payee, string Description, decimal Amount, string InvoiceNumber,
        string? DuplicateOverrideReason, string ReceiptFileName);

    public sealed record BudgetOption(Guid Id, string Item, decimal Remaining);

    public sealed record View(Guid Id, int Number, ClaimStatus Status, decimal Total, Guid ProjectId, int ProjectNumber, string ProjectTitle, string Organisation,
        FundingMode Mode, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<string> FixList, string? RejectionReason, int? EntryNumber,
        IReadOnlyList<LineView> Lines, IReadOnlyList<BudgetOption> BudgetLines, bool CanFile, bool IsSecretariat);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ClaimId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user, IFundPayments payments) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (c, p) = await ClaimRules.OpenAsync(db, user, request.ClaimId, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var budget = await db.Set<ProjectBudgetLine>().AsNoTracking().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(cancellationToken);
            var lines = await db.Set<ExpenseClaimLine>().AsNoTracking().Where(l => l.ClaimId == c.Id).OrderBy(l => l.Date).ThenBy(l => l.InvoiceNumber).ToListAsync(cancellationToken);
            var usage = await ClaimRules.UsageAsync(db, p.Id, c.Id, cancellationToken);
            var options = budget.Select(b =>
            {
                var u = usage.GetValueOrDefault(b.Id);
                return new BudgetOption(b.Id, b.Item, b.Approved - u.Spent - u.Pending - lines.Where(l => l.BudgetLineId == b.Id).Sum(l => l.Amount));
            }).ToList();
            int? entryNumber = c.JournalEntryId is { } eid ? await payments.EntryNumberAsync(eid, cancellationToken) : null;
            var secretariat = await ClaimRules.IsSecretariatAsync(user, cancellationToken);
            var canFile = secretariat || await ClaimRules.IsMemberAsync(db, user, p, cancellationToken);
            return new View(c.Id, c.Number, c.Status, c.Total, p.Id, p.Number, p.Title, organisation, p.Mode, p.StartDate, p.EndDate, c.GetFixList(),
                c.RejectionReason, entryNumber,
                lines.Select(l => new LineView(l.Id, budget.FirstOrDefault(b => b.Id == l.BudgetLineId)?.Item ?? "", l.Date, l.Payee, l.Description, l.Amount,
                    l.InvoiceNumber, l.DuplicateOverrideReason, l.ReceiptFileName)).ToList(),
                options, canFile, secretariat);
        }
    }
}
