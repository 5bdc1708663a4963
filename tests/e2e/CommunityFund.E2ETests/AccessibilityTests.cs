using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>axe-core finds no serious or critical accessibility problem on the pages people see first.</summary>
[Collection(E2ECollection.Name)]
public sealed class AccessibilityTests(E2EFixture app) : BrowserTest
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
        // Signed in as the secretariat from the start (the sign-in the run keeps), not through the form again.
        await using var context = await app.NewContextAsync(Viewports.Of(viewport),
            await app.SignedInStateAsync("shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Secretariat)));
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response?.Status);
        AssertNoBlockingViolations(await page.RunAxe(), path, viewport);
        // Nothing on a phone may need sideways scrolling of the whole page (tables scroll inside their own box).
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"{path} is wider than the {viewport} screen");
    }

    /// <summary>The contest's main pages, each as the person who uses it, on the demo rounds (round 2 in public notice).</summary>
    public static IEnumerable<object[]> ContestPages() =>
        from page in new[] { "contest detail", "proposal list", "proposal detail", "results", "awards", "public notice", "judge score list", "resident vote" }
        from viewport in new[] { Viewports.Desktop, Viewports.Phone }
        select new object[] { page, viewport };

    [Theory]
    [MemberData(nameof(ContestPages))]
    public async Task Contest_pages_have_no_serious_or_critical_axe_violations(string which, string viewport)
    {
        var (round2, proposal) = await DemoRoundTwoAsync();
        var contest = $"/shipingqiao/contests/{round2}";
        // Who looks at the page, where it is, and what shows that it rendered its content (not an error or an empty state).
        var (who, path, shown) = which switch
        {
            "contest detail" => (TenantRole.Secretariat, contest, "contest-hub"),
            "proposal list" => (TenantRole.Secretariat, contest + "/proposals", "proposals"),
            "proposal detail" => (TenantRole.Secretariat, $"/shipingqiao/proposals/{proposal}", "fix-list"),
            "results" => (TenantRole.Secretariat, contest + "/results", "ranking"),
            "awards" => (TenantRole.Secretariat, contest + "/awards", "award-items"),
            "public notice" => ((TenantRole?)null, contest + "/notice", "notice-items"),
            "judge score list" => (TenantRole.Judge, contest + "/score", "score-list"),
            "resident vote" => ((TenantRole?)null, contest + "/vote", "vote-closed"),
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
        };

        // A person with a role starts signed in (the sign-in the run keeps), not through the form again.
        var signedIn = who is { } role ? await app.SignedInStateAsync("shipingqiao", DemoData.EmailOf("shipingqiao", role)) : null;
        await using var context = await app.NewContextAsync(Viewports.Of(viewport), signedIn);
        var page = await context.NewPageAsync();
        if (who is null && which == "resident vote")
        {
            // A resident: a fresh account from the sign-up form, member of nothing, sent on to the vote.
            await page.RegisterAndSignInAsync("shipingqiao", path, "赵居民", $"e2e-a11y-{Guid.NewGuid():N}@example.com", "石坪桥居民投票-2026");
        }
        await AssertPageIsAccessibleAsync(page, path, shown, which, viewport);
    }

    /// <summary>The demo round 2 contest (in public notice) and its proposal no. 5, which was returned once and has a fix list.</summary>
    private Task<(Guid Contest, Guid Proposal)> DemoRoundTwoAsync() =>
        app.WithServicesAsync(async sp =>
        {
            var tenant = await sp.GetRequiredService<CatalogDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Identifier == "shipingqiao");
            sp.GetRequiredService<ITenantContext>().Set(tenant.ToInfo());
            var db = sp.GetRequiredService<AppDbContext>();
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Title == "2026 年石坪桥街道第二届社区公益提案大赛").Select(c => c.Id).SingleAsync();
            var proposal = await db.Set<Proposal>().AsNoTracking().Where(p => p.ContestId == contest && p.Number == 5).Select(p => p.Id).SingleAsync();
            return (contest, proposal);
        });

    /// <summary>The grants module's pages, each as the person who uses it, on a project built through the real commands.</summary>
    public static IEnumerable<object[]> GrantsPages() =>
        from page in new[]
        {
            "projects list", "project detail", "claim new", "claim detail", "budget vs actual", "reports list", "approvals inbox", "approval detail",
            "time limits", "inbox", "grants settings",
        }
        from viewport in new[] { Viewports.Desktop, Viewports.Phone }
        select new object[] { page, viewport };

    [Theory]
    [MemberData(nameof(GrantsPages))]
    public async Task Grants_pages_have_no_serious_or_critical_axe_violations(string which, string viewport)
    {
        var w = await app.PagesAsync();
        var project = $"/shipingqiao/projects/{w.Project}";
        // Who looks at the page, where it is, and what shows that it rendered its content (not an error or an empty state).
        var (who, path, shown) = which switch
        {
            "projects list" => (GrantsWorld.Secretariat, "/shipingqiao/projects", "projects"),
            "project detail" => (GrantsWorld.Secretariat, project, "tranches"),
            "claim new" => (GrantsWorld.OrgMember, project + "/claims/new", "claim-form"),
            "claim detail" => (GrantsWorld.Secretariat, $"/shipingqiao/claims/{w.Claim}", "review"),
            "budget vs actual" => (GrantsWorld.OrgMember, project + "/budget-vs-actual", "budget"),
            "reports list" => (GrantsWorld.OrgMember, project + "/reports", "report-actions"),
            "approvals inbox" => (GrantsWorld.Committee, "/shipingqiao/approvals", "approvals"),
            "approval detail" => (GrantsWorld.Committee, $"/shipingqiao/approvals/{w.Approval}", "decide-form"),
            "time limits" => (GrantsWorld.Secretariat, "/shipingqiao/time-limits", $"step-{w.RedStep}"),
            "inbox" => (GrantsWorld.Committee, "/shipingqiao/inbox", "inbox"),
            "grants settings" => (GrantsWorld.Secretariat, "/shipingqiao/grants/settings", "settings-form"),
            _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
        };

        await using var context = await app.NewContextAsync(Viewports.Of(viewport), await app.SignedInStateAsync("shipingqiao", who));
        var page = await context.NewPageAsync();
        await AssertPageIsAccessibleAsync(page, path, shown, which, viewport);
    }

    /// <summary>
    /// Opens the page, waits for its key element, and checks it: no serious or critical axe violation, and nothing that
    /// needs sideways scrolling of the whole page (judges, residents and organisations use phones; tables scroll in their own box).
    /// </summary>
    private static async Task AssertPageIsAccessibleAsync(IPage page, string path, string shown, string which, string viewport)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response?.Status);
        await Expect(page.GetByTestId(shown).First).ToBeVisibleAsync();

        AssertNoBlockingViolations(await page.RunAxe(), which, viewport);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"the {which} page is wider than the {viewport} screen");
    }

    internal static void AssertNoBlockingViolations(AxeResult result, string what, string viewport)
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
