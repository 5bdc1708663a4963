using System.Globalization;
using System.Text.RegularExpressions;

namespace CommunityFund.Web.Kernel.Input;

/// <summary>
/// Amounts typed by people. Strict on purpose: half-width digits, an optional point and at most two decimals;
/// thousands separators and full-width digits are refused with a message saying so, rather than guessed at.
/// </summary>
public static partial class MoneyInput
{
    public const decimal Max = 999_999_999_999.99m;

    public enum Problem { None, Empty, FullWidth, Separator, NotANumber, NotPositive, TooManyDecimals, TooLarge }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();

    public static Problem Parse(string? text, out decimal amount)
    {
        amount = 0;
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return Problem.Empty;
        if (t.Any(c => c is >= '０' and <= '９' or '．' or '，')) return Problem.FullWidth;
        if (t.Contains(',', StringComparison.Ordinal) || t.Contains(' ', StringComparison.Ordinal)) return Problem.Separator;
        if (t.StartsWith('¥') || t.StartsWith('￥')) t = t[1..];
        if (!Number().IsMatch(t)) return Problem.NotANumber;
        if (t.Length > 40 || !decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return Problem.TooLarge;
        if (value <= 0) return Problem.NotPositive;
        var dot = t.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && t.Length - dot - 1 > 2) return Problem.TooManyDecimals;
        if (value > Max) return Problem.TooLarge;
        amount = value;
        return Problem.None;
    }

    public static string MessageKey(Problem p) => "Money." + p;
}

/// <summary>Amounts in Chinese capital numerals (人民币大写) as printed on receipts: ¥1,005.20 → 人民币壹仟零伍元贰角.</summary>
public static class ChineseAmount
{
    private static readonly string[] Digits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
    private static readonly string[] SmallUnits = ["", "拾", "佰", "仟"];
    private static readonly string[] BigUnits = ["", "万", "亿", "万亿"];

    public static string ToCapital(decimal amount)
    {
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount), "Receipts carry positive amounts.");
        amount = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        var yuan = (long)decimal.Truncate(amount);
        var fen = (int)((amount - yuan) * 100);
        var jiao = fen / 10;
        fen %= 10;

        var result = "人民币";
        if (yuan > 0) result += Integer(yuan) + "元";
        if (jiao == 0 && fen == 0) return result + (yuan == 0 ? "零元整" : "整");
        if (yuan > 0 && jiao == 0) result += "零";
        if (jiao > 0) result += Digits[jiao] + "角";
        if (fen > 0) result += Digits[fen] + "分";
        return result;
    }

    /// <summary>Groups of four digits (个/万/亿); a single 零 stands for any run of zeros between non-zero digits.</summary>
    private static string Integer(long value)
    {
        var groups = new List<int>();
        while (value > 0) { groups.Add((int)(value % 10000)); value /= 10000; }
        var text = "";
        var pendingZero = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var group = groups[g];
            if (group == 0) { pendingZero = text.Length > 0; continue; }
            if (text.Length > 0 && (pendingZero || group < 1000)) text += "零";
            pendingZero = false;
            text += Group(group) + BigUnits[g];
        }
        return text;
    }

    private static string Group(int group)
    {
        var text = "";
        var zero = false;
        for (var pos = 3; pos >= 0; pos--)
        {
            var d = group / (int)Math.Pow(10, pos) % 10;
            if (d == 0) { zero = text.Length > 0; continue; }
            if (zero) { text += "零"; zero = false; }
            text += Digits[d] + SmallUnits[pos];
        }
        return text;
    }
}
