using System.Globalization;
using System.Text.RegularExpressions;
using CommunityFund.Web.Features.Ledger.Income;

namespace CommunityFund.Web.Features.Ledger.InKind;

/// <summary>
/// Quantities of goods typed by people: half-width digits, an optional point and at most three decimals (e.g. 12.5 kg,
/// 0.125 t). As strict as <see cref="MoneyInput"/>, with a message for each mistake instead of a guess.
/// </summary>
public static partial class QuantityInput
{
    /// <summary>Well inside decimal(18,3).</summary>
    public const decimal Max = 999_999_999.999m;

    public enum Problem { None, Empty, FullWidth, Separator, NotANumber, NotPositive, TooManyDecimals, TooLarge }

    [GeneratedRegex("^-?[0-9]+(\\.[0-9]+)?$")]
    private static partial Regex Number();

    public static Problem Parse(string? text, out decimal quantity)
    {
        quantity = 0;
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return Problem.Empty;
        if (t.Any(c => c is >= '０' and <= '９' or '．' or '，')) return Problem.FullWidth;
        if (t.Contains(',', StringComparison.Ordinal) || t.Contains(' ', StringComparison.Ordinal)) return Problem.Separator;
        if (!Number().IsMatch(t)) return Problem.NotANumber;
        if (t.Length > 40 || !decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return Problem.TooLarge;
        if (value <= 0) return Problem.NotPositive;
        var dot = t.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && t.Length - dot - 1 > 3) return Problem.TooManyDecimals;
        if (value > Max) return Problem.TooLarge;
        quantity = value;
        return Problem.None;
    }

    /// <summary>The parsed value of a quantity the validator has already accepted.</summary>
    public static decimal Value(string text) =>
        Parse(text, out var q) == Problem.None ? q : throw new InvalidOperationException("Quantities are validated before use.");

    public static IRuleBuilderOptions<T, string> ValidQuantity<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SourceDocumentsResource> s) =>
        rule.Must(text => Parse(text, out _) == Problem.None)
            .WithMessage((command, text) => s["Quantity." + Parse(text, out var ignored)]);

    /// <summary>12.5, 1,000, 0.125 — no trailing zeros.</summary>
    public static string Format(decimal quantity) => quantity.ToString("#,##0.###", CultureInfo.InvariantCulture);

    /// <summary>A line's value: quantity × unit value, rounded to the fen (half away from zero, 四舍五入).</summary>
    public static decimal Subtotal(decimal quantity, decimal unitValue) => decimal.Round(quantity * unitValue, 2, MidpointRounding.AwayFromZero);
}
