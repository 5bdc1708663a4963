using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>What is wrong with a typed 统一社会信用代码, one value per message a form can show.</summary>
public enum CreditCodeProblem
{
    None,
    /// <summary>Nothing typed (or only spaces).</summary>
    Empty,
    /// <summary>Full-width letters, digits or spaces (１２３ＡＢＣ), usually pasted from Word; refused, not converted, so people notice.</summary>
    FullWidth,
    /// <summary>Not 18 characters after trimming.</summary>
    Length,
    /// <summary>A character outside the code alphabet (I, O, Z, S, V, punctuation, inner spaces, Chinese characters …).</summary>
    Character,
    /// <summary>Position 1 is not a registration-management department code.</summary>
    Department,
    /// <summary>Position 2 is not an organisation type that department registers.</summary>
    OrganisationType,
    /// <summary>Positions 3–8 are not six digits.</summary>
    Division,
    /// <summary>Positions 9–17 (the organisation code) fail their own GB 11714 check character (position 17).</summary>
    OrganisationCode,
    /// <summary>Position 18 does not match the first 17 characters.</summary>
    CheckDigit,
}

/// <summary>
/// The outcome of <see cref="UnifiedSocialCreditCode.Validate"/>: the problem (if any), the 1-based position of the offending
/// character where one character is to blame (0 otherwise), and the normalised code when it is valid.
/// </summary>
public readonly record struct CreditCodeCheck(CreditCodeProblem Problem, int Position, UnifiedSocialCreditCode? Code)
{
    [MemberNotNullWhen(true, nameof(Code))]
    public bool IsValid => Problem == CreditCodeProblem.None && Code is not null;

    /// <summary>Localisation key of the problem, e.g. "CreditCode.CheckDigit"; null when valid.</summary>
    public string? Key => IsValid ? null : UnifiedSocialCreditCode.KeyOf(Problem);
}

/// <summary>
/// 法人和其他组织统一社会信用代码 per GB 32100-2015 (with its amendment No. 1 of 2016):
/// <code>
///  position  1     2     3–8                9–16 + 17                       18
///            dept  type  division (GB/T 2260)  organisation code (GB 11714)  check character (GB/T 17710, ISO 7064 MOD 31)
/// </code>
/// All 18 characters come from the 31-character alphabet <see cref="Alphabet"/>: digits and upper-case Latin letters
/// except I, O, Z, S and V. Note that X is in the alphabet (value 29), so an organisation code whose GB 11714 check
/// character is X keeps it as position 17 — there is no clash to resolve, and such codes are valid.
/// </summary>
public sealed class UnifiedSocialCreditCode : IEquatable<UnifiedSocialCreditCode>
{
    public const int CodeLength = 18;

    /// <summary>GB 32100-2015 table 2: the index of a character is its value in the position-18 check.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>
    /// Registration-management department (position 1) → the organisation types (position 2) it registers.
    /// Source: GB 32100-2015 §4.2 and its code table for 登记管理部门代码/机构类别代码, as amended (No. 1, 2016) and
    /// extended by the national code administration (A: 中央军委改革和编制办公室, N: 农业农村 for rural collective economic
    /// organisations). Cross-checked against the published tables used by common validators. A department without
    /// a 9 has no "other" type: 工商 (9) registers only 1 企业, 2 个体工商户, 3 农民专业合作社, and Y (其他) only 1.
    /// </summary>
    public static readonly FrozenDictionary<char, string> OrganisationTypesByDepartment = new Dictionary<char, string>
    {
        ['1'] = "1239",   // 机构编制: 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他
        ['2'] = "19",     // 外交: 1 外国常驻新闻机构, 9 其他
        ['3'] = "123459", // 司法行政: 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他
        ['4'] = "19",     // 文化: 1 外国在华文化中心, 9 其他
        ['5'] = "1239",   // 民政: 1 社会团体, 2 民办非企业单位 (社会服务机构), 3 基金会, 9 其他
        ['6'] = "129",    // 旅游: 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游部门常驻内地(大陆)代表机构, 9 其他
        ['7'] = "129",    // 宗教: 1 宗教活动场所, 2 宗教院校, 9 其他
        ['8'] = "19",     // 工会: 1 基层工会, 9 其他
        ['9'] = "123",    // 工商 (市场监管): 1 企业, 2 个体工商户, 3 农民专业合作社
        ['A'] = "19",     // 中央军委改革和编制办公室: 1 军队事业单位, 9 其他
        ['N'] = "1239",   // 农业: 1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他
        ['Y'] = "1",      // 其他登记管理部门: 1
    }.ToFrozenDictionary();

    // GB/T 17710 MOD 31 weights for positions 1–17: 3^(i-1) mod 31.
    private static readonly int[] CheckWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // GB 11714-1997 weights for the 8-character organisation code body.
    private static readonly int[] OrganisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The normalised 18 characters.</summary>
    public string Value { get; }

    public char Department => Value[0];
    public char OrganisationType => Value[1];

    /// <summary>Administrative division code of the registering authority (positions 3–8), e.g. 350100.</summary>
    public string Division => Value.Substring(2, 6);

    /// <summary>The 9-character organisation code (组织机构代码, positions 9–17) including its own check character.</summary>
    public string OrganisationCode => Value.Substring(8, 9);

    public override string ToString() => Value;
    public bool Equals(UnifiedSocialCreditCode? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as UnifiedSocialCreditCode);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Stable localisation key suffix for a problem, e.g. "CreditCode.CheckDigit".</summary>
    public static string KeyOf(CreditCodeProblem problem) => problem switch
    {
        CreditCodeProblem.None => "CreditCode.None",
        CreditCodeProblem.Empty => "CreditCode.Empty",
        CreditCodeProblem.FullWidth => "CreditCode.FullWidth",
        CreditCodeProblem.Length => "CreditCode.Length",
        CreditCodeProblem.Character => "CreditCode.Character",
        CreditCodeProblem.Department => "CreditCode.Department",
        CreditCodeProblem.OrganisationType => "CreditCode.OrganisationType",
        CreditCodeProblem.Division => "CreditCode.Division",
        CreditCodeProblem.OrganisationCode => "CreditCode.OrganisationCode",
        CreditCodeProblem.CheckDigit => "CreditCode.CheckDigit",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    /// <summary>
    /// Checks typed input: trims surrounding whitespace and upper-cases ASCII letters, then reports the first problem in
    /// reading order (full width, length, characters, then positions 1, 2, 3–8, 9–17 and 18).
    /// </summary>
    public static CreditCodeCheck Validate(string? input)
    {
        var text = Normalise(input);
        if (text.Length == 0) return Invalid(CreditCodeProblem.Empty);

        for (var i = 0; i < text.Length; i++)
            if (IsFullWidth(text[i])) return Invalid(CreditCodeProblem.FullWidth, i + 1);

        if (text.Length != CodeLength) return Invalid(CreditCodeProblem.Length);

        for (var i = 0; i < CodeLength; i++)
            if (ValueOf(text[i]) < 0) return Invalid(CreditCodeProblem.Character, i + 1);

        if (!OrganisationTypesByDepartment.TryGetValue(text[0], out var types)) return Invalid(CreditCodeProblem.Department, 1);
        if (!types.Contains(text[1], StringComparison.Ordinal)) return Invalid(CreditCodeProblem.OrganisationType, 2);

        for (var i = 2; i < 8; i++)
            if (!char.IsAsciiDigit(text[i])) return Invalid(CreditCodeProblem.Division, i + 1);

        if (OrganisationCodeCheckCharacter(text.AsSpan(8, 8)) != text[16]) return Invalid(CreditCodeProblem.OrganisationCode, 17);

        if (CheckCharacter(text.AsSpan(0, 17)) != text[17]) return Invalid(CreditCodeProblem.CheckDigit, 18);

        return new CreditCodeCheck(CreditCodeProblem.None, 0, new UnifiedSocialCreditCode(text));
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out UnifiedSocialCreditCode? code)
    {
        var check = Validate(input);
        code = check.Code;
        return check.IsValid;
    }

    /// <summary>For codes already validated (stored values); throws <see cref="FormatException"/> otherwise.</summary>
    public static UnifiedSocialCreditCode Parse(string input)
    {
        var check = Validate(input);
        return check.IsValid ? check.Code : throw new FormatException($"Not a valid unified social credit code: {check.Key} at position {check.Position}.");
    }

    /// <summary>
    /// Appends the check character to 17 valid characters (demo data, tests). The prefix must already carry a valid
    /// department, type, division and organisation code (see <see cref="OrganisationCodeCheckCharacter"/>).
    /// </summary>
    public static UnifiedSocialCreditCode Create(string prefix17)
    {
        ArgumentNullException.ThrowIfNull(prefix17);
        if (prefix17.Length != CodeLength - 1)
            throw new ArgumentException("The prefix must be exactly 17 characters.", nameof(prefix17));
        foreach (var c in prefix17)
            if (ValueOf(c) < 0)
                throw new ArgumentException($"'{c}' is not in the code alphabet.", nameof(prefix17));

        var check = Validate(prefix17 + CheckCharacter(prefix17));
        return check.IsValid
            ? check.Code
            : throw new ArgumentException($"The prefix is not a valid code start: {check.Key} at position {check.Position}.", nameof(prefix17));
    }

    /// <summary>
    /// Position 18 (GB 32100-2015 §4.2.5): C18 = 31 − (Σ Ci·Wi mod 31), Ci the alphabet index, Wi = 3^(i−1) mod 31;
    /// a result of 31 is written 0, 30 is written Y.
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> prefix17)
    {
        if (prefix17.Length != CodeLength - 1) throw new ArgumentException("The prefix must be exactly 17 characters.", nameof(prefix17));
        var sum = 0;
        for (var i = 0; i < prefix17.Length; i++)
        {
            var value = ValueOf(prefix17[i]);
            if (value < 0) throw new ArgumentException($"'{prefix17[i]}' is not in the code alphabet.", nameof(prefix17));
            sum += value * CheckWeights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>
    /// The organisation code's own check character (GB 11714-1997): C9 = 11 − (Σ Ci·Wi mod 11) with weights
    /// 3,7,9,10,5,8,4,2; 10 is written X and 11 is written 0. Unlike position 18, letters take their full-Latin value
    /// (A=10 … Z=35, so J=19, not its unified-alphabet index 18), because that is how the organisation code was computed
    /// before it was embedded in the unified code.
    /// </summary>
    public static char OrganisationCodeCheckCharacter(ReadOnlySpan<char> body8)
    {
        if (body8.Length != OrganisationCodeWeights.Length) throw new ArgumentException("The organisation code body is 8 characters.", nameof(body8));
        var sum = 0;
        for (var i = 0; i < body8.Length; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiLetterUpper(c) ? c - 'A' + 10
                : throw new ArgumentException($"'{c}' is not a digit or upper-case letter.", nameof(body8));
            sum += value * OrganisationCodeWeights[i];
        }
        return (11 - sum % 11) switch
        {
            10 => 'X',
            11 => '0',
            var digit => (char)('0' + digit),
        };
    }

    private static string Normalise(string? input)
    {
        var trimmed = (input ?? "").Trim();
        // ASCII only: culture-aware upper-casing would turn 'ı' into 'I' and 'ſ' into 'S'.
        return string.Create(trimmed.Length, trimmed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
        });
    }

    // Full-width forms of ASCII (！ … ～) and the ideographic space that Word and Chinese input methods produce.
    private static bool IsFullWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000';

    private static int ValueOf(char c) => c is >= '0' and <= 'Y' ? Alphabet.IndexOf(c, StringComparison.Ordinal) : -1;

    private static CreditCodeCheck Invalid(CreditCodeProblem problem, int position = 0) => new(problem, position, null);
}
