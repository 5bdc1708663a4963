using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Infrastructure.Navigation;

/// <summary>
/// Navigation by role: what the menus, the fund's home and the pages behind them offer a user opens for that user, the
/// 403 page leads back into the fund, and a button whose action would be refused now is shown disabled with the reasons.
/// </summary>
public partial class NavigationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    /// <summary>How many clicks from the fund's home the walk follows (home → contests → a contest → its hub pages).</summary>
    private const int Clicks = 3;

    public static TheoryData<string> Roles => ["Secretariat", "Committee", "Auditor", "OrgMember", "JudgeOnPanel", "JudgeOffPanel"];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_link_a_role_is_offered_from_the_fund_home_opens_for_that_role(string role)
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await w.ProjectAsync();
        await w.MoveAsync(project, ProjectAction.SignAgreement);
        var user = await UserAsync(w, role);
        var client = await SignedInAsync(w, user);

        var (visited, failures) = await WalkAsync(client, w.Tenant.Identifier, Clicks);

        Assert.True(failures.Count == 0, $"{role} is offered links that fail:\n" + string.Join("\n", failures));
        // The walk reached the pages the role's work happens on, so an empty failure list means something.
        Assert.Contains($"/{w.Tenant.Identifier}/contests/{w.Contest.ContestId}", visited);
        if (role is "Secretariat" or "Committee" or "Auditor" or "OrgMember") Assert.Contains($"/{w.Tenant.Identifier}/projects/{project}", visited);
    }

    [Fact]
    public async Task The_menus_offer_members_and_organisations_only_to_the_roles_those_pages_open_for()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var offPanel = await UserAsync(w, "JudgeOffPanel");
        var cases = new (AppUser User, bool Members, bool Organisations)[]
        {
            (w.Secretary, true, true), (w.Contest.Committee, true, true), (w.Contest.Auditor, true, true),
            (w.Contest.OrgMember, false, true), (offPanel, false, false),
        };
        foreach (var (user, members, organisations) in cases)
        {
            var home = await PageAsync(await SignedInAsync(w, user), $"/{t}/");
            Assert.Equal(members, Links(home, t).Contains($"/{t}/members"));
            Assert.Equal(organisations, Links(home, t).Contains($"/{t}/organisations"));
        }
    }

    [Fact]
    public async Task Only_a_judge_on_the_contest_panel_is_offered_the_scoring_list()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var score = $"/{t}/contests/{w.Contest.ContestId}/score";

        var onPanel = await SignedInAsync(w, await UserAsync(w, "JudgeOnPanel"));
        Assert.Contains(score, Links(await PageAsync(onPanel, $"/{t}/contests/{w.Contest.ContestId}"), t));
        Assert.Equal(HttpStatusCode.OK, (await onPanel.GetAsync(score)).StatusCode);

        var offPanel = await SignedInAsync(w, await UserAsync(w, "JudgeOffPanel"));
        Assert.DoesNotContain(score, Links(await PageAsync(offPanel, $"/{t}/contests/{w.Contest.ContestId}"), t));
        Assert.Equal(HttpStatusCode.Forbidden, (await offPanel.GetAsync(score)).StatusCode);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_403_page_inside_a_fund_names_the_fund_and_leads_back_to_its_home(string culture)
    {
        var w = await ProjectWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var client = await SignedInAsync(w, w.Contest.OrgMember);

        var response = await client.GetAsync($"/{t}/members?culture={culture}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var fund = w.Tenant.DisplayName(new System.Globalization.CultureInfo(culture));
        Assert.Contains(fund, Between(html, "data-testid=\"error-body\"", "</p>"));
        var back = BackHomeLink().Match(html);
        Assert.True(back.Success, "the 403 page has a way back");
        Assert.Matches($"^/{t}/?$", back.Groups["href"].Value);
        Assert.Contains(fund, back.Groups["text"].Value);
    }

    [Fact]
    public async Task The_403_page_for_someone_with_no_role_in_the_fund_names_it_and_does_not_lead_to_another_403()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var stranger = await f.CreateUserAsync(); // an account of the platform, not a member of this fund
        var client = await SignedInAsync(w, stranger);

        var response = await client.GetAsync($"/{t}/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(w.Tenant.DisplayName(new System.Globalization.CultureInfo("zh-CN")), Between(html, "data-testid=\"error-body\"", "</p>"));
        Assert.Contains("邀请", Between(html, "data-testid=\"error-body\"", "</p>"));
        Assert.Equal("/", BackHomeLink().Match(html).Groups["href"].Value);
    }

    [Fact]
    public async Task The_403_page_outside_a_fund_leads_back_to_the_platform_home()
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var user = await f.CreateUserAsync();
        await HttpLogin.SignInAsync(client, null, user.Email!, SliceFixture.Password);

        var response = await client.GetAsync("/admin/tenants");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var back = BackHomeLink().Match(await response.Content.ReadAsStringAsync());
        Assert.True(back.Success);
        Assert.Equal("/", back.Groups["href"].Value);
    }

    [Fact]
    public async Task A_stage_move_with_blockers_is_a_disabled_button_with_the_reasons_and_without_them_an_enabled_one()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Collecting); // collection open for 30 more days, nothing submitted
        var client = await SignedInAsync(w.Ledger, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/contests/{w.ContestId}";

        var blocked = await PageAsync(client, url);
        Assert.True(IsDisabled(Tag(blocked, "button", "move-Screening")), "the refused move is disabled");
        var reasons = Between(blocked, "data-testid=\"refusals-Screening\"", "</ul>");
        Assert.Contains("征集期尚未结束", reasons);
        Assert.Contains("还没有提交的提案", reasons);
        Assert.Contains("aria-describedby=\"refusals-Screening\"", Tag(blocked, "button", "move-Screening"));

        await w.AddProposalAsync();
        await w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<CommunityFund.Web.Infrastructure.Data.AppDbContext>();
            var contest = await db.Set<Contest>().SingleAsync(c => c.Id == w.ContestId);
            contest.CollectCloses = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
            return await db.SaveChangesAsync();
        });

        var open = await PageAsync(client, url);
        Assert.False(IsDisabled(Tag(open, "button", "move-Screening")), "the open move can be sent");
        Assert.DoesNotContain("data-testid=\"refusals-Screening\"", open);
        Assert.Contains("data-confirm=", Tag(open, "button", "move-Screening"));
    }

    [Theory]
    [InlineData("zh-CN", "拨付条件未满足：项目尚未签订协议")]
    [InlineData("en", "the agreement is not signed")]
    public async Task A_tranche_whose_condition_is_unmet_is_a_disabled_request_button_with_the_reason(string culture, string reason)
    {
        var w = await ProjectWorld.CreateAsync(f);
        var project = await w.ProjectAsync(); // tranche 1 waits for the signed agreement
        var client = await SignedInAsync(w.Ledger, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/projects/{project}?culture={culture}";

        var unsigned = await PageAsync(client, url);
        Assert.True(IsDisabled(Tag(unsigned, "button", "request-tranche-1")), "the request is disabled");
        Assert.Contains(reason, Between(unsigned, "data-testid=\"blockers-1\"", "</ul>"), StringComparison.OrdinalIgnoreCase);

        await w.MoveAsync(project, ProjectAction.SignAgreement);
        var signed = await PageAsync(client, url);
        Assert.False(IsDisabled(Tag(signed, "button", "request-tranche-1")), "the request can be sent once the agreement is signed");
        Assert.DoesNotContain("data-testid=\"blockers-1\"", signed);
        // An organisation's member reads the plan without the secretariat's buttons or their reasons.
        var member = await PageAsync(await SignedInAsync(w.Ledger, w.Contest.OrgMember), $"/{w.Tenant.Identifier}/projects/{project}");
        Assert.DoesNotContain("data-testid=\"request-tranche-1\"", member);
        Assert.DoesNotContain("data-testid=\"blockers-1\"", member);
    }

    [Fact]
    public async Task An_approved_tranche_the_fund_cannot_cover_is_a_disabled_pay_button_with_the_reason()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync();
        var client = await SignedInAsync(w.Ledger, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/projects/{project}";
        Assert.False(IsDisabled(Tag(await PageAsync(client, url), "a", "pay-tranche-1")));

        await w.Ledger.PayAsync(w.Fund, await w.BankAsync()); // the fund's bank balance is spent elsewhere

        var page = await PageAsync(client, url);
        Assert.True(IsDisabled(Tag(page, "button", "pay-tranche-1")), "the payment is disabled");
        Assert.Contains("不足", Between(page, "data-testid=\"blockers-1\"", "</ul>"));
        var pay = await PageAsync(client, $"/{w.Tenant.Identifier}/projects/{project}/tranches/{tranche}/pay");
        Assert.True(IsDisabled(Tag(pay, "button", "pay-submit")), "the payment form cannot be sent either");
    }

    // ---- helpers ----

    private static async Task<AppUser> UserAsync(ProjectWorld w, string role)
    {
        switch (role)
        {
            case "Secretariat": return w.Secretary;
            case "Committee": return w.Contest.Committee;
            case "Auditor": return w.Contest.Auditor;
            case "OrgMember": return w.Contest.OrgMember;
            case "JudgeOnPanel": return await w.Contest.AddJudgeAsync();
            case "JudgeOffPanel":
                var judge = await w.F.CreateUserAsync();
                await w.F.GrantAsync(w.Tenant, judge, TenantRole.Judge);
                return judge;
            default: throw new ArgumentOutOfRangeException(nameof(role), role, null);
        }
    }

    private Task<HttpClient> SignedInAsync(ProjectWorld w, AppUser user) => SignedInAsync(w.Ledger, user);

    private async Task<HttpClient> SignedInAsync(LedgerWorld w, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Follows every same-fund link from the fund's home, breadth first, up to <paramref name="clicks"/> clicks, and
    /// lists each one that answers an error or sends a signed-in user to the login page, with the page that offered it.
    /// </summary>
    private static async Task<(HashSet<string> Visited, List<string> Failures)> WalkAsync(HttpClient client, string tenant, int clicks)
    {
        var home = $"/{tenant}";
        var offeredBy = new Dictionary<string, string>(StringComparer.Ordinal) { [home] = "(start)" };
        var failures = new List<string>();
        var level = new List<string> { home };
        for (var click = 0; click <= clicks && level.Count > 0; click++)
        {
            var next = new List<string>();
            foreach (var url in level)
            {
                using var response = await client.GetAsync(url);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? "";
                if (status >= 400 || (status is >= 300 and < 400 && location.Contains("/account/login", StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"{url} answers {status} (offered on {offeredBy[url]})");
                    continue;
                }
                if (click == clicks || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                foreach (var link in Links(await response.Content.ReadAsStringAsync(), tenant))
                {
                    if (offeredBy.TryAdd(link, url)) next.Add(link);
                }
            }
            level = next;
        }
        return ([.. offeredBy.Keys], failures);
    }

    /// <summary>The page's same-fund link targets (anchors only), without fragment or trailing slash.</summary>
    private static HashSet<string> Links(string html, string tenant)
    {
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in AnchorHref().Matches(html))
        {
            var href = WebUtility.HtmlDecode(m.Groups["href"].Value);
            var hash = href.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) href = href[..hash];
            if (href.Length > 1) href = href.TrimEnd('/');
            if (href == $"/{tenant}" || href.StartsWith($"/{tenant}/", StringComparison.Ordinal) || href.StartsWith($"/{tenant}?", StringComparison.Ordinal))
                links.Add(href);
        }
        return links;
    }

    /// <summary>The opening tag of the <paramref name="element"/> with this data-testid.</summary>
    private static string Tag(string html, string element, string testId)
    {
        var m = Regex.Match(html, $"<{element}\\b[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>");
        Assert.True(m.Success, $"no <{element}> with data-testid=\"{testId}\"");
        return m.Value;
    }

    private static bool IsDisabled(string tag) => DisabledAttribute().IsMatch(tag);

    private static string Between(string html, string start, string end)
    {
        var i = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"{start} is on the page");
        var j = html.IndexOf(end, i, StringComparison.Ordinal);
        return html[i..(j < 0 ? html.Length : j)];
    }

    [GeneratedRegex("<a\\b[^>]*?\\bhref=\"(?<href>[^\"]*)\"")]
    private static partial Regex AnchorHref();

    [GeneratedRegex("<a\\b[^>]*data-testid=\"back-home\"[^>]*?\\bhref=\"(?<href>[^\"]*)\"[^>]*>(?<text>[^<]*)</a>|<a\\b[^>]*?\\bhref=\"(?<href>[^\"]*)\"[^>]*data-testid=\"back-home\"[^>]*>(?<text>[^<]*)</a>")]
    private static partial Regex BackHomeLink();

    [GeneratedRegex("\\sdisabled(=\"[^\"]*\")?[\\s>/]")]
    private static partial Regex DisabledAttribute();
}
