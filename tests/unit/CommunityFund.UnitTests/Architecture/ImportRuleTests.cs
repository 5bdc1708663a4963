using System.Reflection;
using System.Text;
using NetArchTest.Rules;

namespace CommunityFund.UnitTests.Architecture;

/// <summary>
/// The import rule: areas (Features/&lt;Area&gt;) depend on the kernel and Infrastructure, never on each other; the
/// kernel depends on no area; Infrastructure depends on neither. Razor views count as part of their area (they compile
/// to classes named Features_&lt;Area&gt;_… in the page's namespace). Only the composition root names every area: the
/// Features namespace itself (one AddX() per area, the keys between areas' tables) and the app shell in
/// Features/Shared (the layout and the menu, whose links name the query each page sends so a link shows only to who
/// may open it).
/// </summary>
public class ImportRuleTests
{
    private const string Root = "CommunityFund.Web";
    private static readonly Assembly Web = typeof(Program).Assembly;
    private const string Shell = "Shared";

    public static IReadOnlyList<string> Areas { get; } = Web.GetTypes()
        .Select(t => t.Namespace ?? "")
        .Where(n => n.StartsWith(Root + ".Features.", StringComparison.Ordinal))
        .Select(n => n.Split('.')[3])
        .Where(a => a != Shell)
        .Distinct().Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> AreaNames()
    {
        var data = new TheoryData<string>();
        foreach (var a in Areas) data.Add(a);
        return data;
    }

    [Fact]
    public void The_areas_are_found()
    {
        Assert.Contains("Ledger", Areas);
        Assert.Contains("Contests", Areas);
        Assert.Contains("Grants", Areas);
    }

    [Theory]
    [MemberData(nameof(AreaNames))]
    public void An_area_imports_no_other_area(string area)
    {
        var others = Areas.Where(a => a != area).Select(a => $"{Root}.Features.{a}").ToArray();
        var result = Types.InAssembly(Web).That()
            .ResideInNamespace($"{Root}.Features.{area}").Or().HaveNameStartingWith($"Features_{area}_")
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        Assert.True(result.IsSuccessful, Explain($"Features/{area} imports another area", result));
    }

    [Fact]
    public void The_kernel_imports_no_area()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace($"{Root}.Kernel")
            .ShouldNot().HaveDependencyOn($"{Root}.Features").GetResult();
        Assert.True(result.IsSuccessful, Explain("Kernel imports an area", result));
    }

    [Fact]
    public void Infrastructure_imports_neither_areas_nor_the_kernel()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace($"{Root}.Infrastructure")
            .ShouldNot().HaveDependencyOnAny($"{Root}.Features", $"{Root}.Kernel").GetResult();
        Assert.True(result.IsSuccessful, Explain("Infrastructure imports a feature or the kernel", result));
    }

    private static string Explain(string what, TestResult result)
    {
        var text = new StringBuilder(what).AppendLine(":");
        foreach (var name in result.FailingTypeNames ?? []) text.AppendLine("  " + name);
        return text.ToString();
    }
}
