using System.Globalization;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>Validation rules the ledger's forms share (money, dates and keys: <see cref="Kernel.Input.InputRules"/>).</summary>
public static class LedgerRules
{
    /// <summary>The fund must exist in the current tenant (the query filter hides every other tenant's funds).</summary>
    public static IRuleBuilderOptions<T, Guid> ExistingFund<T>(this IRuleBuilderInitial<T, Guid> rule, AppDbContext db, IStringLocalizer<LedgerResource> l) =>
        rule.MustAsync((id, ct) => db.Set<Fund>().AnyAsync(f => f.Id == id, ct)).WithMessage(_ => l["Ledger.UnknownFund"]);
}

/// <summary>The ledger's side of the fund directory other areas use.</summary>
public static class LedgerLookups
{
    public static Task<List<FundOption>> FundsAsync(AppDbContext db, CancellationToken ct = default) =>
        db.Set<Fund>().AsNoTracking().OrderBy(f => f.Code).Select(f => new FundOption(f.Id, f.Code, f.NameZh, f.NameEn, f.Kind)).ToListAsync(ct);
}

public sealed class LedgerFundDirectory(AppDbContext db) : IFundDirectory
{
    public Task<List<FundOption>> ListAsync(CancellationToken ct = default) => LedgerLookups.FundsAsync(db, ct);

    /// <summary>The query filter hides every other tenant's funds.</summary>
    public Task<bool> ExistsAsync(Guid fundId, CancellationToken ct = default) => db.Set<Fund>().AnyAsync(f => f.Id == fundId, ct);

    public Task<FundOption?> FindAsync(Guid fundId, CancellationToken ct = default) =>
        db.Set<Fund>().AsNoTracking().Where(f => f.Id == fundId)
            .Select(f => new FundOption(f.Id, f.Code, f.NameZh, f.NameEn, f.Kind)).SingleOrDefaultAsync(ct);
}
