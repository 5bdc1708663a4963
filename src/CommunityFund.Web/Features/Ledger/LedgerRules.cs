using System.Globalization;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>Validation rules every ledger form shares.</summary>
public static class LedgerRules
{
    /// <summary>Amounts are bound as text and parsed strictly (see <see cref="MoneyInput"/>), so every mistake gets its own message.</summary>
    public static IRuleBuilderOptions<T, string> ValidAmount<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<LedgerResource> l) =>
        rule.Must(text => MoneyInput.Parse(text, out _) == MoneyInput.Problem.None)
            .WithMessage((command, text) => l[MoneyInput.MessageKey(MoneyInput.Parse(text, out var ignored))]);

    /// <summary>The parsed value of an amount the validator has already accepted.</summary>
    public static decimal Amount(string text) =>
        MoneyInput.Parse(text, out var amount) == MoneyInput.Problem.None ? amount : throw new InvalidOperationException("Amounts are validated before use.");

    /// <summary>The fund must exist in the current tenant (the query filter hides every other tenant's funds).</summary>
    public static IRuleBuilderOptions<T, Guid> ExistingFund<T>(this IRuleBuilderInitial<T, Guid> rule, AppDbContext db, IStringLocalizer<LedgerResource> l) =>
        rule.MustAsync((id, ct) => db.Set<Fund>().AnyAsync(f => f.Id == id, ct)).WithMessage(_ => l["Ledger.UnknownFund"]);

    public static IRuleBuilderOptions<T, string> ValidIdempotencyKey<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<LedgerResource> l) =>
        rule.Must(k => !string.IsNullOrWhiteSpace(k) && k.Length <= 64).WithMessage(_ => l["Idempotency.Missing"]);

    /// <summary>Dates typed as yyyy-MM-dd (what &lt;input type=date&gt; sends).</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static IRuleBuilderOptions<T, string> ValidDate<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<LedgerResource> l) =>
        rule.Must(d => TryDate(d, out _)).WithMessage(_ => l["Ledger.DateInvalid"]);

    public static DateOnly Date(string text) => TryDate(text, out var d) ? d : throw new InvalidOperationException("Dates are validated before use.");

    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");
}

/// <summary>Look-ups the ledger forms need (fund pickers and the like).</summary>
public static class LedgerLookups
{
    public sealed record FundOption(Guid Id, string Code, string NameZh, string NameEn, FundKind Kind)
    {
        public string Display(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" ? $"{NameZh}（{Code}）" : $"{NameEn} ({Code})";
    }

    public static Task<List<FundOption>> FundsAsync(AppDbContext db, CancellationToken ct = default) =>
        db.Set<Fund>().AsNoTracking().OrderBy(f => f.Code).Select(f => new FundOption(f.Id, f.Code, f.NameZh, f.NameEn, f.Kind)).ToListAsync(ct);
}
