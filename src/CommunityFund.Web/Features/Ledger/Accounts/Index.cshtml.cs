using FluentValidation.Results;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Ledger.Accounts;

/// <summary>The chart of accounts (会计科目) with each account's balance over all funds; the secretariat adds, edits and deletes.</summary>
public class IndexModel(IMediator mediator, ITenantContext tenant) : PageModel, IReloadOnInvalid
{
    public Result Data { get; private set; } = new([]);
    public bool CanEdit => Books.IsSecretariat(User);
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync() => Data = await mediator.Send(new Query());

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        await mediator.Send(new Delete { AccountId = id });
        Notice = "Books.Accounts.Deleted";
        return RedirectToPage("/Ledger/Accounts/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task<IActionResult> OnPostSeedAsync()
    {
        await mediator.Send(new SeedChart());
        Notice = "Books.Accounts.Seeded";
        return RedirectToPage("/Ledger/Accounts/Index", new { tenant = tenant.Current!.Identifier });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query());

    public sealed record Row(Guid Id, string Code, string NameZh, string NameEn, AccountType Type, string? SystemKey, decimal Debit, decimal Credit, bool HasPostings)
    {
        public decimal Balance => Books.NaturalBalance(Type, Debit, Credit);
        public bool CanDelete => SystemKey is null && !HasPostings;
    }

    public sealed record Result(IReadOnlyList<Row> Rows);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>;

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var totals = await db.Set<FundAccountBalance>().GroupBy(b => b.AccountId)
                .Select(g => new { AccountId = g.Key, Debit = g.Sum(b => b.DebitTotal), Credit = g.Sum(b => b.CreditTotal) })
                .ToDictionaryAsync(x => x.AccountId, cancellationToken);
            var accounts = await db.Set<LedgerAccount>().AsNoTracking().OrderBy(a => a.Code)
                .Select(a => new { a.Id, a.Code, a.NameZh, a.NameEn, a.Type, a.SystemKey, HasPostings = db.Set<JournalLine>().Any(l => l.AccountId == a.Id) })
                .ToListAsync(cancellationToken);
            return new Result(accounts.Select(a =>
            {
                var t = totals.GetValueOrDefault(a.Id);
                return new Row(a.Id, a.Code, a.NameZh, a.NameEn, a.Type, a.SystemKey, t?.Debit ?? 0, t?.Credit ?? 0, a.HasPostings);
            }).ToList());
        }
    }

    /// <summary>Deletes an account nobody has posted to and the code does not rely on.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Delete : ICommand<Unit>, IHasAuditTarget
    {
        public Guid AccountId { get; init; }
        string? IHasAuditTarget.AuditTarget => AccountId.ToString();
    }

    public sealed class DeleteValidator : AbstractValidator<Delete>
    {
        public DeleteValidator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l)
        {
            // Refusals belong to the whole form (the row's delete button), so they are reported without a property name.
            RuleFor(c => c.AccountId).CustomAsync(async (id, context, ct) =>
            {
                var account = await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Code, a.SystemKey }).FirstOrDefaultAsync(ct);
                if (account is null) return; // the handler answers 404
                if (account.SystemKey is not null)
                    context.AddFailure(new ValidationFailure("", l["Books.Accounts.DeleteSystem", account.Code]));
                else if (await db.Set<JournalLine>().AnyAsync(x => x.AccountId == id, ct))
                    context.AddFailure(new ValidationFailure("", l["Books.Accounts.DeletePosted", account.Code]));
            });
        }
    }

    public sealed class DeleteHandler(AppDbContext db) : IRequestHandler<Delete, Unit>
    {
        public async Task<Unit> Handle(Delete request, CancellationToken cancellationToken)
        {
            var account = await db.Set<LedgerAccount>().FirstOrDefaultAsync(a => a.Id == request.AccountId, cancellationToken)
                          ?? throw new NotFoundException("No such account in this tenant.");
            db.Remove(account);
            return Unit.Value;
        }
    }

    /// <summary>Adds the standard chart (民间非营利组织会计制度 codes) to a tenant that has none, or whichever standard accounts it lacks.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class SeedChart : ICommand<int>;

    public sealed class SeedChartHandler(AppDbContext db) : IRequestHandler<SeedChart, int>
    {
        public async Task<int> Handle(SeedChart request, CancellationToken cancellationToken)
        {
            var added = await ChartOfAccounts.EnsureAsync(db, cancellationToken);
            return await db.Set<LedgerAccount>().CountAsync(cancellationToken) + added; // the added rows are saved at commit
        }
    }
}
