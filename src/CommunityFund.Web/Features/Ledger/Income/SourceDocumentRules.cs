using System.Globalization;

namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>Validation and display pieces shared by the income, in-kind, inventory and transfer pages.</summary>
public static class SourceDocumentRules
{
    /// <summary>
    /// Fund ids are bound as text, so an empty choice or a tampered value gets our message rather than the model
    /// binder's; the query filter hides every other tenant's funds, so their ids are "no such fund" too.
    /// </summary>
    public static IRuleBuilderOptions<T, string> ExistingFundId<T>(this IRuleBuilderInitial<T, string> rule, AppDbContext db,
        IStringLocalizer<LedgerResource> l, IStringLocalizer<SourceDocumentsResource> s) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => s["Fund.Required"])
            .MustAsync(async (text, ct) => TryId(text, out var id) && await db.Set<Fund>().AnyAsync(f => f.Id == id, ct))
            .WithMessage(_ => l["Ledger.UnknownFund"]);

    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilderInitial<T, string> rule, int max,
        IStringLocalizer<SourceDocumentsResource> s, string requiredKey) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => s[requiredKey])
            .Must(t => t.Trim().Length <= max).WithMessage(_ => s["Field.TooLong", max]);

    public static IRuleBuilderOptions<T, string> OptionalText<T>(this IRuleBuilderInitial<T, string> rule, int max, IStringLocalizer<SourceDocumentsResource> s) =>
        rule.Must(t => (t ?? "").Trim().Length <= max).WithMessage(_ => s["Field.TooLong", max]);

    public static bool TryId(string? text, out Guid id) => Guid.TryParse(text?.Trim(), out id);

    public static Guid Id(string text) => TryId(text, out var id) ? id : throw new InvalidOperationException("Ids are validated before use.");

    public static string? OrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();


    public static string FundName(string nameZh, string nameEn, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" || string.IsNullOrWhiteSpace(nameEn) ? nameZh : nameEn;
}
