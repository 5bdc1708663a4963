namespace CommunityFund.Web.Features.Ledger.Funds;

/// <summary>
/// Recomputes every fund/account balance from the journal and compares it with the maintained balances.
/// A command, so each check is in the audit log with its outcome.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Policies.BookReaders)]
public class VerifyModel(IMediator mediator) : PageModel
{
    public Result? Data { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Data = await mediator.Send(new Command());
        return Page();
    }

    public sealed record Difference(string Fund, string Account, decimal KeptDebit, decimal KeptCredit, decimal JournalDebit, decimal JournalCredit);
    public sealed record Result(int Checked, decimal JournalDebit, decimal JournalCredit, IReadOnlyList<Difference> Differences)
    {
        public bool Sound => Differences.Count == 0 && JournalDebit == JournalCredit;
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Command : ICommand<Result>, IHasAuditTarget
    {
        string? IHasAuditTarget.AuditTarget => "balances";
    }

    public sealed class Handler(AppDbContext db) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var fold = await db.Set<JournalLine>().GroupBy(l => new { l.FundId, l.AccountId })
                .Select(g => new { g.Key.FundId, g.Key.AccountId, Debit = g.Sum(l => l.Debit), Credit = g.Sum(l => l.Credit) })
                .ToDictionaryAsync(x => (x.FundId, x.AccountId), cancellationToken);
            var kept = await db.Set<FundAccountBalance>().AsNoTracking().ToDictionaryAsync(b => (b.FundId, b.AccountId), cancellationToken);
            var funds = await db.Set<Fund>().ToDictionaryAsync(f => f.Id, f => f.NameZh, cancellationToken);
            var accounts = await db.Set<LedgerAccount>().ToDictionaryAsync(a => a.Id, a => a.Code + " " + a.NameZh, cancellationToken);
            var differences = new List<Difference>();
            foreach (var key in fold.Keys.Union(kept.Keys))
            {
                var j = fold.GetValueOrDefault(key);
                var k = kept.GetValueOrDefault(key);
                var (jd, jc) = (j?.Debit ?? 0, j?.Credit ?? 0);
                var (kd, kc) = (k?.DebitTotal ?? 0, k?.CreditTotal ?? 0);
                if (jd != kd || jc != kc)
                    differences.Add(new Difference(funds.GetValueOrDefault(key.FundId, "?"), accounts.GetValueOrDefault(key.AccountId, "?"), kd, kc, jd, jc));
            }
            return new Result(fold.Count, fold.Values.Sum(x => x.Debit), fold.Values.Sum(x => x.Credit), differences);
        }
    }
}
