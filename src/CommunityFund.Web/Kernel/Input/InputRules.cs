using System.Globalization;

namespace CommunityFund.Web.Kernel.Input;

/// <summary>Validation rules every form that takes money, dates or a submission key shares, whatever its area.</summary>
public static class InputRules
{
    /// <summary>Amounts are bound as text and parsed strictly (see <see cref="MoneyInput"/>), so every mistake gets its own message.</summary>
    public static IRuleBuilderOptions<T, string> ValidAmount<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<KernelResource> k) =>
        rule.Must(text => MoneyInput.Parse(text, out _) == MoneyInput.Problem.None)
            .WithMessage((command, text) => k[MoneyInput.MessageKey(MoneyInput.Parse(text, out var ignored))]);

    /// <summary>The parsed value of an amount the validator has already accepted.</summary>
    public static decimal Amount(string text) =>
        MoneyInput.Parse(text, out var amount) == MoneyInput.Problem.None ? amount : throw new InvalidOperationException("Amounts are validated before use.");

    public static IRuleBuilderOptions<T, string> ValidIdempotencyKey<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<KernelResource> k) =>
        rule.Must(key => !string.IsNullOrWhiteSpace(key) && key.Length <= 64).WithMessage(_ => k["Idempotency.Missing"]);

    /// <summary>Dates typed as yyyy-MM-dd (what &lt;input type=date&gt; sends).</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static IRuleBuilderOptions<T, string> ValidDate<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<KernelResource> k) =>
        rule.Must(d => TryDate(d, out _)).WithMessage(_ => k["Date.Invalid"]);

    public static DateOnly Date(string text) => TryDate(text, out var d) ? d : throw new InvalidOperationException("Dates are validated before use.");

    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");
}
