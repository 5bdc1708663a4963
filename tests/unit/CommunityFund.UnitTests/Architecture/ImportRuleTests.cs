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

    /// <summary>
    /// Grants types that still read the contest's proposals and awards or the ledger's journal and funds directly,
    /// instead of through kernel ports (like <see cref="CommunityFund.Web.Kernel.Funds.IFundDirectory"/>). The list
    /// may only shrink: a new importer fails the test, and so does a listed type that no longer imports (take it off).
    /// </summary>
    private static readonly HashSet<string> GrantsStillImporting =
    [
        "Projects.AdvanceCloseOut", "Projects.ReturnAdvanceHandler", "Projects.AdvanceWriteOffOutcome", "Projects.BudgetModel",
        "Projects.FromAwardModel", "Projects.ProjectBudgetLine", "Projects.ProjectConfiguration", "Projects.ProjectSetup",
        "Projects.TrancheChecks", "Projects.Features_Grants_Projects_Budget",
        "Projects.Features_Grants_Projects_FromAward", "Projects.Features_Grants_Projects_New",
        "Projects.BudgetModel/LineView", "Projects.BudgetModel/Validator", "Projects.BudgetModel/Handler", "Projects.DetailModel/LineView",
        "Projects.DetailModel/CloseOutView", "Projects.DetailModel/QueryHandler", "Projects.FromAwardModel/ChosenLine",
        "Projects.FromAwardModel/QueryHandler", "Projects.FromAwardModel/Handler", "Projects.NewModel/QueryHandler",
        "Projects.NewModel/Validator", "Projects.NewModel/Handler", "Projects.PayModel/QueryHandler", "Projects.PayModel/Handler",
        "Claims.DetailModel/QueryHandler", "Claims.SettleModel/SettleHandler", "Projects.Features_Grants_Projects__Project",
    ];

    [Theory]
    [MemberData(nameof(AreaNames))]
    public void An_area_imports_no_other_area(string area)
    {
        var others = Areas.Where(a => a != area).Select(a => $"{Root}.Features.{a}").ToArray();
        var result = Types.InAssembly(Web).That()
            .ResideInNamespace($"{Root}.Features.{area}").Or().HaveNameStartingWith($"Features_{area}_")
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        var failing = (result.FailingTypeNames ?? []).ToHashSet();
        var known = area == "Grants" ? GrantsStillImporting.Select(n => $"{Root}.Features.Grants.{n}").ToHashSet() : [];
        var added = failing.Except(known).Order(StringComparer.Ordinal).ToList();
        var gone = known.Except(failing).Order(StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0, $"Features/{area} imports another area in:\n  " + string.Join("\n  ", added));
        Assert.True(gone.Count == 0, "These no longer import another area; take them off the list:\n  " + string.Join("\n  ", gone));
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
