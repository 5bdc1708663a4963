using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace CommunityFund.UnitTests.Infrastructure.Access;

/// <summary>
/// Every page the role matrix reaches (each route as each visitor that gets it, and the error pages) rendered in
/// Chinese and in English shows no raw resource key (text shaped like <c>Books.Common.Print</c>) and, in English,
/// no Chinese string of the resources where an English one exists.
/// </summary>
[Collection(DemoWorldCollection.Name)]
public partial class LocalisationRenderingTests(DemoWorld world, ITestOutputHelper output)
{
    /// <summary>Dotted text that is not a resource key.</summary>
    private static readonly HashSet<string> AllowedDottedText = new(StringComparer.Ordinal)
    {
    };

    /// <summary>
    /// Chinese data that happens to equal a Chinese resource string: the chart of accounts shows each account's
    /// Chinese name beside its English one (净资产, 捐赠物资), and the demo's anonymous donors are named 匿名.
    /// </summary>
    private static readonly HashSet<string> ChineseData = new(StringComparer.Ordinal) { "净资产", "捐赠物资", "匿名" };

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z0-9]+)+\b")]
    private static partial Regex ResourceKeyShape();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex("""\b(?:title|placeholder|aria-label|alt)\s*=\s*"([^"]*)"|\btype\s*=\s*"(?:submit|button)"[^>]*\bvalue\s*=\s*"([^"]*)"|\bvalue\s*=\s*"([^"]*)"[^>]*\btype\s*=\s*"(?:submit|button)" """, RegexOptions.IgnoreCase)]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    /// <summary>What a reader sees of a page: its text nodes and the attributes shown as text (titles, placeholders, labels).</summary>
    public static IReadOnlyList<string> VisibleTexts(string html)
    {
        var shown = Invisible().Replace(html, " ");
        var texts = new List<string>();
        foreach (Match m in VisibleAttribute().Matches(shown))
            texts.Add(WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value).Trim());
        texts.AddRange(Tag().Split(shown).Select(t => WebUtility.HtmlDecode(t).Trim()));
        return texts.Where(t => t.Length > 0).ToList();
    }

    public static IEnumerable<string> RawKeys(string html) =>
        VisibleTexts(html).SelectMany(t => ResourceKeyShape().Matches(t).Select(m => m.Value)).Where(k => !AllowedDottedText.Contains(k)).Distinct();

    /// <summary>Chinese resource strings whose English differs: seen in an English page, the English was not used.</summary>
    private static HashSet<string> ChineseOnlyStrings()
    {
        var folder = Path.Combine(RepoRoot(), "src", "CommunityFund.Web", "Resources");
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zhFile in Directory.GetFiles(folder, "*.resx").Where(f => !f.EndsWith(".en.resx", StringComparison.Ordinal)))
        {
            var en = Load(zhFile[..^".resx".Length] + ".en.resx");
            foreach (var (key, zh) in Load(zhFile))
                if (Chinese().IsMatch(zh) && en.GetValueOrDefault(key) != zh && !ChineseData.Contains(zh.Trim())) strings.Add(zh.Trim());
        }
        return strings;
    }

    private static Dictionary<string, string> Load(string file) =>
        File.Exists(file)
            ? XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "")
            : [];

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityFund.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static string InEnglish(string url) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en&ui-culture=en";

    [Fact]
    public async Task Every_reachable_page_shows_no_resource_key_in_Chinese_or_English_and_no_untranslated_string_in_English()
    {
        var visits = await world.WalkAsync();
        // Every page as each visitor that may open it, and one of each error page (403 and 404, in a fund and at the platform).
        var pages = visits.Where(v => v.Html is not null && v.Answer.Code == "O")
            .Concat(visits.Where(v => v.Html is not null && v.Answer.Code is "F" or "N")
                .GroupBy(v => (v.Answer.Code, InFund: v.Route.Template.StartsWith("/{tenant}", StringComparison.Ordinal))).Select(g => g.First()))
            .ToList();
        Assert.Contains(pages, p => p.Answer.Code == "F");
        var chineseOnly = ChineseOnlyStrings();

        var problems = new List<string>();
        var english = await Task.WhenAll(pages.GroupBy(p => p.Visitor).Select(async group =>
        {
            var rendered = new List<(Visit Visit, string Html)>();
            foreach (var page in group)
            {
                using var response = await world.Clients[page.Visitor].GetAsync(InEnglish(page.Route.Url));
                Assert.True(Answer.Of(response).Code == page.Answer.Code, $"{page.Route.Url} as {page.Visitor} answered {Answer.Of(response).Detail} in English");
                rendered.Add((page, await response.Content.ReadAsStringAsync()));
            }
            return rendered;
        }));

        foreach (var page in pages)
        {
            Assert.Contains("<html lang=\"zh-CN\"", page.Html!, StringComparison.Ordinal);
            foreach (var key in RawKeys(page.Html!))
                problems.Add($"{page.Route.Template} as {page.Visitor}, zh-CN: raw key {key}");
        }
        foreach (var (page, html) in english.SelectMany(e => e))
        {
            Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
            foreach (var key in RawKeys(html))
                problems.Add($"{page.Route.Template} as {page.Visitor}, en: raw key {key}");
            foreach (var text in VisibleTexts(html).Where(chineseOnly.Contains).Distinct())
                problems.Add($"{page.Route.Template} as {page.Visitor}, en: untranslated \"{text}\"");
        }
        output.WriteLine($"{pages.Count} pages checked in zh-CN and en");
        var distinct = problems.Distinct().ToList();
        Assert.True(distinct.Count == 0, string.Join(Environment.NewLine, distinct));
    }

    [Theory]
    [InlineData("<button>Books.Common.Print</button>", "Books.Common.Print")]
    [InlineData("<input type=\"text\" placeholder=\"Ledger.Field.Amount\" />", "Ledger.Field.Amount")]
    [InlineData("<p title=\"Nav.Home\">首页</p>", "Nav.Home")]
    public void A_raw_key_in_text_or_a_shown_attribute_is_found(string html, string key) =>
        Assert.Equal([key], RawKeys(html));

    [Theory]
    [InlineData("<script>var x = Foo.Bar.Baz;</script><p>电子发票001003.pdf</p>")]
    [InlineData("<a href=\"/Ledger.Books/x\">打印</a><!-- Books.Common.Print -->")]
    [InlineData("<p>Total ¥1,234.50. Next page</p>")]
    public void Scripts_comments_addresses_and_file_names_are_not_taken_for_keys(string html) =>
        Assert.Empty(RawKeys(html));

    [Fact]
    public void A_Chinese_resource_string_with_an_English_one_is_known_as_untranslated()
    {
        var strings = ChineseOnlyStrings();
        Assert.Contains("打印", strings);
        Assert.DoesNotContain("Print", strings);
        Assert.Contains("打印", VisibleTexts("<button>打印</button>"));
    }
}
