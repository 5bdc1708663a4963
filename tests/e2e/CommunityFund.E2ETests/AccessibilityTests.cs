using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>axe-core finds no serious or critical accessibility problem on the pages people see first.</summary>
[Collection(E2ECollection.Name)]
public sealed class AccessibilityTests(E2EFixture app)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Theory]
    [InlineData(Viewports.Desktop)]
    [InlineData(Viewports.Phone)]
    public async Task Login_page_has_no_serious_or_critical_axe_violations(string viewport)
    {
        await using var context = await app.NewContextAsync(Viewports.Of(viewport));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/shipingqiao/account/login");
        await Expect(page.Locator("input[name='Input.Email']")).ToBeVisibleAsync();

        AssertNoBlockingViolations(await page.RunAxe(), "login page", viewport);
        if (await page.OpenMenuIfCollapsedAsync())
            AssertNoBlockingViolations(await page.RunAxe(), "login page with the menu open", viewport);
    }

    [Theory]
    [InlineData(Viewports.Desktop)]
    [InlineData(Viewports.Phone)]
    public async Task Tenant_home_has_no_serious_or_critical_axe_violations(string viewport)
    {
        await using var context = await app.NewContextAsync(Viewports.Of(viewport));
        var page = await context.NewPageAsync();
        await page.SignInAsync("shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Secretariat), DemoData.Password);
        await Expect(page.GetByTestId("fund-name")).ToBeVisibleAsync();

        AssertNoBlockingViolations(await page.RunAxe(), "tenant home", viewport);
        if (await page.OpenMenuIfCollapsedAsync())
            AssertNoBlockingViolations(await page.RunAxe(), "tenant home with the menu open", viewport);
    }

    [Theory]
    [InlineData(Viewports.Desktop)]
    [InlineData(Viewports.Phone)]
    public async Task Registration_errors_have_no_serious_or_critical_axe_violations(string viewport)
    {
        await using var context = await app.NewContextAsync(Viewports.Of(viewport));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.SubmitAsync(page.Locator("main form button[type=submit]"));
        await Expect(page.Locator("span.text-danger").First).Not.ToBeEmptyAsync();

        AssertNoBlockingViolations(await page.RunAxe(), "registration page with errors", viewport);
    }

    public static IEnumerable<object[]> LedgerPages() =>
        from path in new[]
        {
            "/shipingqiao/ledger/funds", "/shipingqiao/ledger/donations", "/shipingqiao/ledger/donations/record", "/shipingqiao/ledger/donors",
            "/shipingqiao/ledger/inkind/record", "/shipingqiao/ledger/inventory", "/shipingqiao/ledger/income", "/shipingqiao/ledger/transfers",
            "/shipingqiao/ledger/journal", "/shipingqiao/ledger/trial-balance", "/shipingqiao/ledger/fund-statement", "/shipingqiao/ledger/accounts",
            "/shipingqiao/ledger/periods", "/shipingqiao/ledger/imports/donations",
        }
        from viewport in new[] { Viewports.Desktop, Viewports.Phone }
        select new object[] { path, viewport };

    [Theory]
    [MemberData(nameof(LedgerPages))]
    public async Task Ledger_pages_have_no_serious_or_critical_axe_violations(string path, string viewport)
    {
        await using var context = await app.NewContextAsync(Viewports.Of(viewport));
        var page = await context.NewPageAsync();
        await page.SignInAsync("shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Secretariat), DemoData.Password);
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response?.Status);
        AssertNoBlockingViolations(await page.RunAxe(), path, viewport);
        // Nothing on a phone may need sideways scrolling of the whole page (tables scroll inside their own box).
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"{path} is wider than the {viewport} screen");
    }

    private static void AssertNoBlockingViolations(AxeResult result, string what, string viewport)
    {
        // axe did run: a page with no passing rule at all would mean the scan itself failed.
        Assert.NotEmpty(result.Passes);
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0,
            $"axe found {blocking.Count} serious/critical violation(s) on the {what} ({viewport}):\n" +
            string.Join("\n", blocking.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help}\n    " +
                string.Join("\n    ", v.Nodes.Select(n => $"{n.Target}: {Summary(n)}")))));
    }

    private static string Summary(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? [])
            .Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)).Distinct());
}
