using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.UnitTests.Infrastructure.Localization;

public partial class LocalizationTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityFund.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static string WebRoot => Path.Combine(RepoRoot(), "src", "CommunityFund.Web");

    /// <summary>Every resource family (Shared, Ledger, …) as base name → (zh strings, en strings).</summary>
    public static IEnumerable<object[]> Families() =>
        Directory.GetFiles(Path.Combine(WebRoot, "Resources"), "*.resx")
            .Select(Path.GetFileName).Where(n => !n!.EndsWith(".en.resx", StringComparison.Ordinal))
            .Select(n => new object[] { n![..^".resx".Length] });

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebRoot, "Resources", file))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static Dictionary<string, string> Strings(string suffix, string family = "Infrastructure.Localization.SharedResource") => Load($"{family}{suffix}.resx");

    private static HashSet<string> AllChineseKeys() =>
        Families().SelectMany(f => Strings("", (string)f[0]).Keys).ToHashSet();

    [GeneratedRegex("""\b[LlTS]\["([A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex KeyUse();

    [Theory]
    [MemberData(nameof(Families))]
    public void Chinese_and_English_have_exactly_the_same_keys(string family)
    {
        var zh = Strings("", family);
        var en = Strings(".en", family);
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
    }

    [Fact]
    public void Every_key_the_code_uses_exists()
    {
        var zh = AllChineseKeys();
        var used = Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".cshtml", StringComparison.Ordinal)) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(p => KeyUse().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        Assert.NotEmpty(used);
        var missing = used.Where(k => !zh.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing keys: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Placeholders_match_between_languages(string family)
    {
        var zh = Strings("", family);
        var en = Strings(".en", family);
        foreach (var (key, text) in zh)
        {
            var a = Regex.Matches(text, @"\{\d\}").Select(m => m.Value).Order();
            var b = Regex.Matches(en[key], @"\{\d\}").Select(m => m.Value).Order();
            Assert.True(a.SequenceEqual(b), $"{key}: placeholders differ");
        }
    }

    [Theory]
    [InlineData("1234.5", "¥1,234.50")]
    [InlineData("0", "¥0.00")]
    [InlineData("360000", "¥360,000.00")]
    [InlineData("-1005.2", "-¥1,005.20")]
    [InlineData("0.005", "¥0.01")]
    public void Money_is_shown_with_the_yuan_sign_thousands_separators_and_two_decimals(string amount, string expected)
    {
        foreach (var culture in Cultures.Supported)
        {
            CultureInfo.CurrentCulture = Cultures.Create(culture);
            Assert.Equal(expected, Formats.Money(decimal.Parse(amount, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Dates_are_yyyy_MM_dd_in_both_languages()
    {
        Assert.Equal("2021-03-08", Formats.Date(new DateOnly(2021, 3, 8)));
        foreach (var culture in Cultures.Supported)
            Assert.Equal("2021-03-08", new DateTime(2021, 3, 8).ToString("d", Cultures.Create(culture)));
    }
}
