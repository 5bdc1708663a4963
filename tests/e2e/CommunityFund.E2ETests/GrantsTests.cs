using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;
using ApprovalPage = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel;
using ClaimAddLine = CommunityFund.Web.Features.Grants.Claims.AddLineModel;
using ClaimRemoveLine = CommunityFund.Web.Features.Grants.Claims.RemoveLineModel;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;
using ClaimSettle = CommunityFund.Web.Features.Grants.Claims.SettleModel;
using ClaimSubmit = CommunityFund.Web.Features.Grants.Claims.SubmitModel;
using ProjectPage = CommunityFund.Web.Features.Grants.Projects.DetailModel;

namespace CommunityFund.E2ETests;

/// <summary>
/// One grant (项目资助) in Chromium, from a confirmed contest award to an advance written off by a claim, by the people
/// who run it, as independent steps: the secretariat sets the project up and asks for the first tranche; two committee
/// members approve it (¥10,000 needs two under the default tiers); the secretariat pays it and the paying fund's balance
/// drops; the organisation files a claim with a receipt photo on its phone; the secretariat returns it once with a list;
/// the organisation fixes it; the secretariat and the committee approve it; the secretariat settles it (advance
/// write-off); budget vs actual shows the numbers; the overdue dashboard shows a step that started long ago in red. Each
/// step starts from a grant of its own, brought by the app's commands to where the step begins (<see cref="GrantAtAsync"/>),
/// and from the people's saved sign-ins, so a failing step names itself and the others still run.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class GrantsTests(E2EFixture app) : BrowserTest
{
    private const string Tenant = GrantsWorld.Tenant;
    private const string Title = "长者助餐暖心行动";

    /// <summary>The awarded proposal's budget: ¥6,000 + ¥4,000 + ¥10,000 = ¥20,000, awarded in full.</summary>
    private const string Transport = "送餐志愿者交通补贴", Materials = "餐具与保温箱", Labour = "社工探访服务费";

    private static readonly BudgetLine[] Lines =
    [
        new(Transport, BudgetKind.Transport, 50m, 120), new(Materials, BudgetKind.Materials, 200m, 20), new(Labour, BudgetKind.Labour, 500m, 20),
    ];

    /// <summary>The two expenses of the claim (the first filed, removed and filed again with the month the list asked for).</summary>
    private const decimal TransportSpent = 1_200m, MaterialsSpent = 2_400m;

    /// <summary>The one-time list the secretariat returns the claim with.</summary>
    private const string ClaimFixes = "交通补贴请在说明中写明发放月份。\n缺少“餐具与保温箱”的采购发票，请补充。";

    private sealed class Run
    {
        public GrantsWorld.Award Award = null!;
        public Guid ProjectId;
        public Guid TrancheApproval;
        public Guid ClaimId;
        public readonly string Suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    }

    // 1. The secretariat picks the confirmed award and creates the project: approved at the awarded amount, 50/30/20 plan.
    [Fact]
    public async Task The_secretariat_sets_up_the_project_from_a_confirmed_award()
    {
        var run = await GrantAtAsync(Point.Awarded);
        await using var secretariat = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;

        await page.GotoAsync($"/{Tenant}/projects");
        await page.GetByTestId("new-from-award").ClickAsync();
        var candidate = page.GetByTestId($"candidate-{run.Award.AwardItemId}");
        await Expect(candidate).ToContainTextAsync(Title);
        await Expect(candidate).ToContainTextAsync(run.Award.Organisation);
        await Expect(candidate).ToContainTextAsync("¥20,000.00");
        await candidate.Locator("a").ClickAsync();

        var chosen = page.GetByTestId("chosen-award");
        await Expect(chosen.Locator("h2")).ToContainTextAsync(Title);
        await Expect(chosen.GetByTestId("chosen-lines").Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(chosen.GetByTestId("chosen-lines").Locator("tfoot")).ToContainTextAsync("¥20,000.00");
        await Expect(chosen.GetByTestId("award-cut")).ToHaveCountAsync(0);
        var plan = chosen.GetByTestId("chosen-plan").Locator("li");
        await Expect(plan).ToHaveCountAsync(3);
        await Expect(plan.Nth(0)).ToContainTextAsync("¥10,000.00");
        await Expect(page.Locator("#mode-Advance")).ToBeCheckedAsync();
        var today = GrantsWorld.ChinaToday();
        await page.Locator("input[name='Input.StartDate']").FillAsync(GrantsWorld.Iso(today.AddDays(-30)));
        await page.Locator("input[name='Input.EndDate']").FillAsync(GrantsWorld.Iso(today.AddDays(300)));
        await AssertAccessibleAsync(page, "project from award form");
        await page.SubmitAsync(page.GetByTestId("from-award-form").Locator("button[type=submit]"));

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("资助项目已创建。");
        run.ProjectId = IdIn(page.Url, "projects");
        // The committee confirmed the award list: the project needs no second grant approval.
        await Expect(page.GetByTestId("project-status")).ToHaveTextAsync("已批准");
        await Expect(page.GetByTestId("grant-pending")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("approved-amount")).ToHaveTextAsync("¥20,000.00");
        await Expect(page.GetByTestId("lines-total")).ToHaveTextAsync("¥20,000.00");
        await Expect(page.GetByTestId("project-header")).ToContainTextAsync(run.Award.Organisation);
        foreach (var (sequence, amount) in new[] { (1, "¥10,000.00"), (2, "¥6,000.00"), (3, "¥4,000.00") })
        {
            var tranche = page.GetByTestId($"tranche-{sequence}");
            await Expect(tranche.Locator("td").Nth(2)).ToHaveTextAsync(amount);
            await Expect(tranche.GetByTestId("tranche-status")).ToHaveTextAsync("计划中");
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-project.png"), FullPage = true });
    }

    // 2. The agreement is signed; tranche 1 (50 % = ¥10,000) goes to the committee.
    [Fact]
    public async Task The_secretariat_signs_the_agreement_and_requests_the_first_tranche()
    {
        var run = await GrantAtAsync(Point.ProjectSetUp);
        await using var secretariat = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;
        await page.GotoAsync($"/{Tenant}/projects/{run.ProjectId}");

        // Not yet signed: the first tranche's condition is unmet, so its request is disabled with the reason beside it.
        await Expect(page.GetByTestId("request-tranche-1")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("blockers-1")).ToContainTextAsync("拨付条件未满足：项目尚未签订协议");
        await Expect(page.GetByTestId("tranche-1").GetByTestId("tranche-status")).ToHaveTextAsync("计划中");

        await page.SubmitAsync(page.GetByTestId("action-SignAgreement").Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("项目状态已改为“已签协议”。");
        await Expect(page.GetByTestId("project-status")).ToHaveTextAsync("已签协议");

        await page.SubmitAsync(page.GetByTestId("request-tranche-1"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("第 1 笔拨付已提交管委会审批。");
        await Expect(page.GetByTestId("tranche-1").GetByTestId("tranche-status")).ToHaveTextAsync("审批中");
        await Expect(page.GetByTestId("pay-tranche-1")).ToHaveCountAsync(0);
    }

    // 3. Two committee members approve: after the first the request is still pending (1 of 2), after the second approved.
    [Fact]
    public async Task Two_committee_members_approve_the_tranche()
    {
        var run = await GrantAtAsync(Point.TrancheRequested);
        await using var secretariatSession = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var secretariat = secretariatSession.Page;

        await using (var first = await SignedInAsync(GrantsWorld.Committee, E2EFixture.Desktop))
        {
            var page = first.Page;
            await page.GotoAsync($"/{Tenant}/approvals");
            var row = page.GetByTestId("approvals").Locator("tbody tr")
                .Filter(new LocatorFilterOptions { HasTextString = Title }).Filter(new LocatorFilterOptions { HasTextString = "分期拨付" })
                .Filter(new LocatorFilterOptions { HasTextString = run.Award.Organisation });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("¥10,000.00");
            await Expect(row).ToContainTextAsync("已同意 0/2");
            await row.Locator("a").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/approvals/[0-9a-f-]{36}$"));
            run.TrancheApproval = IdIn(page.Url, "approvals");

            await Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("待审批");
            await Expect(page.GetByTestId("amount")).ToHaveTextAsync("¥10,000.00");
            await Expect(page.GetByTestId("summary")).ToContainTextAsync("第 1 笔资助款");
            await Expect(page.GetByTestId("organisation")).ToHaveTextAsync(run.Award.Organisation);
            await Expect(page.GetByTestId("progress")).ToHaveTextAsync("已同意 0/2");
            await Expect(page.GetByTestId("decisions-empty")).ToBeVisibleAsync();
            await page.Locator("textarea[name='Input.Comment']").FillAsync("协议已签订，同意拨付首笔资助款。");
            await AssertAccessibleAsync(page, "approval detail with the decide form");
            await page.SubmitAsync(page.GetByTestId("approve"));

            await Expect(page.GetByTestId("notice")).ToHaveTextAsync("已记录您的同意意见，尚待其他委员审批。");
            await Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("待审批");
            await Expect(page.GetByTestId("progress")).ToHaveTextAsync("已同意 1/2");
            await Expect(page.GetByTestId("decisions").Locator("li")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("decisions")).ToContainTextAsync("协议已签订，同意拨付首笔资助款。");
            await Expect(page.GetByTestId("decide-form")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("cannot-decide")).ToHaveTextAsync("您已对该申请作出决定，不能重复审批。");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-approval-1-of-2.png"), FullPage = true });
        }

        // One approval is not enough: the tranche is still awaiting the committee and cannot be paid.
        await secretariat.GotoAsync($"/{Tenant}/projects/{run.ProjectId}");
        await Expect(secretariat.GetByTestId("tranche-1").GetByTestId("tranche-status")).ToHaveTextAsync("审批中");
        await Expect(secretariat.GetByTestId("pay-tranche-1")).ToHaveCountAsync(0);

        await using (var second = await SignedInAsync(GrantsWorld.Committee2, E2EFixture.Phone))
        {
            var page = second.Page;
            await page.GotoAsync($"/{Tenant}/approvals/{run.TrancheApproval}");
            await Expect(page.GetByTestId("progress")).ToHaveTextAsync("已同意 1/2");
            await page.Locator("textarea[name='Input.Comment']").FillAsync("同意。");
            await page.SubmitAsync(page.GetByTestId("approve"));

            await Expect(page.GetByTestId("notice")).ToHaveTextAsync("已同意，该申请审批通过。");
            await Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("已批准");
            await Expect(page.GetByTestId("progress")).ToHaveTextAsync("已同意 2/2");
            await Expect(page.GetByTestId("decisions").Locator("li")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("decisions")).ToContainTextAsync(GrantsWorld.Committee2Name);
            await AssertAccessibleAsync(page, "approved request", Viewports.Phone);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-approval.png"), FullPage = true });
        }
    }

    // 4. The secretariat records the bank payment: the paying fund's balance drops by exactly the tranche.
    [Fact]
    public async Task The_first_tranche_is_paid_and_the_fund_balance_drops()
    {
        var run = await GrantAtAsync(Point.TrancheApproved);
        await using var secretariat = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;

        var before = await CashOfAsync(page, GrantsWorld.FundCode);
        await page.GotoAsync($"/{Tenant}/projects/{run.ProjectId}");
        await Expect(page.GetByTestId("tranche-1").GetByTestId("tranche-status")).ToHaveTextAsync("已批准待付款");
        await page.GetByTestId("pay-tranche-1").ClickAsync();
        await Expect(page.GetByTestId("pay-amount")).ToHaveTextAsync("¥10,000.00");
        await Expect(page.GetByTestId("pay-refusals")).ToHaveCountAsync(0);
        await page.Locator("input[name='Input.BankReference']").FillAsync("ICBC-" + run.Suffix);
        await AssertAccessibleAsync(page, "tranche payment form");
        await page.SubmitAsync(page.GetByTestId("pay-form").Locator("button[type=submit]"));

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync(new Regex(@"^第 1 笔款项已拨付，记账凭证第 \d+ 号。$"));
        var tranche = page.GetByTestId("tranche-1");
        await Expect(tranche.GetByTestId("tranche-status")).ToHaveTextAsync("已拨付");
        await Expect(tranche).ToContainTextAsync("ICBC-" + run.Suffix);
        await Expect(page.GetByTestId("tranche-2").GetByTestId("tranche-status")).ToHaveTextAsync("计划中");

        Assert.Equal(before - 10_000m, await CashOfAsync(page, GrantsWorld.FundCode));
    }

    // 5. On the phone, the organisation starts a claim with one expense and its receipt photo, and submits it.
    [Fact]
    public async Task The_organisation_files_a_claim_with_a_receipt_photo_on_its_phone()
    {
        var run = await GrantAtAsync(Point.TranchePaid);
        await using var organisation = await SignedInAsync(GrantsWorld.OrgMember, E2EFixture.Phone);
        var page = organisation.Page;

        await page.GotoAsync($"/{Tenant}/projects/{run.ProjectId}");
        await page.GetByTestId("claims-link").ClickAsync();
        await Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await page.GetByTestId("new-claim").ClickAsync();
        await Expect(page.GetByTestId("claim-form")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "new claim form", Viewports.Phone);
        await FillLineAsync(page, Transport, GrantsWorld.ChinaToday().AddDays(-5), "重庆市九龙坡区公交出租车服务部", "送餐志愿者交通补贴",
            TransportSpent, "JT-" + run.Suffix, "交通费发票.png");
        await page.SubmitAsync(page.GetByTestId("claim-form").Locator("button[type=submit]"));

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("报销单已创建，可继续添加明细后提交。");
        run.ClaimId = IdIn(page.Url, "claims");
        await Expect(page.GetByTestId("claim-status")).ToHaveTextAsync("草稿");
        var lines = page.GetByTestId("claim-lines").Locator("tbody tr");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(lines.First).ToContainTextAsync("交通费发票.png");
        await Expect(page.GetByTestId("claim-total")).ToHaveTextAsync("¥1,200.00");
        await page.SubmitAsync(page.GetByTestId("submit-form").Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("报销单已提交，等待秘书处审核。");
        await Expect(page.GetByTestId("claim-status")).ToHaveTextAsync("已提交");
        await Expect(page.GetByTestId("line-form")).ToHaveCountAsync(0);
    }

    // 6. Returned once with a two-item list; the organisation redoes the transport line and adds the missing one.
    [Fact]
    public async Task The_secretariat_returns_the_claim_once_and_the_organisation_fixes_it()
    {
        var run = await GrantAtAsync(Point.ClaimSubmitted);
        await using var secretariatSession = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        await using var organisationSession = await SignedInAsync(GrantsWorld.OrgMember, E2EFixture.Phone);
        var (secretariat, organisation) = (secretariatSession.Page, organisationSession.Page);

        await secretariat.GotoAsync($"/{Tenant}/claims/{run.ClaimId}");
        var review = secretariat.GetByTestId("review");
        await review.Locator("#fixes").FillAsync(ClaimFixes);
        await AssertAccessibleAsync(secretariat, "claim review");
        await secretariat.SubmitAsync(review.Locator("form:has(input[name=action][value=Return]) button[type=submit]"));
        await Expect(secretariat.GetByTestId("notice")).ToHaveTextAsync("报销单现在为：已退回。");
        await Expect(secretariat.GetByTestId("claim-status")).ToHaveTextAsync("已退回");
        await Expect(secretariat.GetByTestId("fix-list").Locator("li")).ToHaveCountAsync(2);

        await organisation.GotoAsync($"/{Tenant}/claims/{run.ClaimId}");
        await Expect(organisation.GetByTestId("claim-status")).ToHaveTextAsync("已退回");
        await Expect(organisation.GetByTestId("fix-list").Locator("li").Nth(0)).ToHaveTextAsync("交通补贴请在说明中写明发放月份。");
        await Expect(organisation.GetByTestId("fix-list").Locator("li").Nth(1)).ToHaveTextAsync("缺少“餐具与保温箱”的采购发票，请补充。");
        var today = GrantsWorld.ChinaToday();
        var month = today.AddDays(-5).Month.ToString(CultureInfo.InvariantCulture);
        await organisation.SubmitAsync(organisation.GetByTestId("claim-lines").Locator("tbody tr").First.Locator("button[type=submit]"));
        await Expect(organisation.GetByTestId("no-lines")).ToBeVisibleAsync();
        await FillLineAsync(organisation, Transport, today.AddDays(-5), "重庆市九龙坡区公交出租车服务部", $"送餐志愿者 {month} 月交通补贴",
            TransportSpent, "JT-" + run.Suffix, "交通费发票.png");
        await organisation.SubmitAsync(organisation.GetByTestId("line-form").Locator("button[type=submit]"));
        await FillLineAsync(organisation, Materials, today.AddDays(-4), "重庆市九龙坡区厨具批发部", "不锈钢餐盒与保温箱",
            MaterialsSpent, "CJ-" + run.Suffix, "餐具发票.png");
        await organisation.SubmitAsync(organisation.GetByTestId("line-form").Locator("button[type=submit]"));
        var lines = organisation.GetByTestId("claim-lines").Locator("tbody tr");
        await Expect(lines).ToHaveCountAsync(2);
        await Expect(organisation.GetByTestId("claim-lines")).ToContainTextAsync($"送餐志愿者 {month} 月交通补贴");
        await Expect(organisation.GetByTestId("claim-lines")).ToContainTextAsync("餐具发票.png");
        await Expect(organisation.GetByTestId("claim-total")).ToHaveTextAsync("¥3,600.00");
        await AssertAccessibleAsync(organisation, "returned claim with its fix list", Viewports.Phone);
        await organisation.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-claim.png"), FullPage = true });
        await organisation.SubmitAsync(organisation.GetByTestId("submit-form").Locator("button[type=submit]"));
        await Expect(organisation.GetByTestId("claim-status")).ToHaveTextAsync("已提交");
    }

    // 7. The secretariat approves (no second return), one committee member approves (¥3,600 ≤ ¥5,000), the secretariat settles.
    [Fact]
    public async Task The_claim_is_approved_and_the_advance_written_off()
    {
        var run = await GrantAtAsync(Point.ClaimResubmitted);
        await using var secretariatSession = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var secretariat = secretariatSession.Page;
        // Tranche 1 is paid and the claim moved no money yet: this is the fund's cash after the payment.
        var cashAfterPayment = await CashOfAsync(secretariat, GrantsWorld.FundCode);

        await secretariat.GotoAsync($"/{Tenant}/claims/{run.ClaimId}");
        var review = secretariat.GetByTestId("review");
        await Expect(review.Locator("#fixes")).ToHaveCountAsync(0); // the list is one-time: no second return
        await secretariat.SubmitAsync(review.Locator("form:has(input[name=action][value=Approve]) button[type=submit]"));
        await Expect(secretariat.GetByTestId("claim-status")).ToHaveTextAsync("待审批");
        await Expect(secretariat.GetByTestId("settle")).ToHaveCountAsync(0);

        await using (var committee = await SignedInAsync(GrantsWorld.Committee, E2EFixture.Desktop))
        {
            var page = committee.Page;
            await page.GotoAsync($"/{Tenant}/approvals");
            var row = page.GetByTestId("approvals").Locator("tbody tr")
                .Filter(new LocatorFilterOptions { HasTextString = Title }).Filter(new LocatorFilterOptions { HasTextString = "报销支付" })
                .Filter(new LocatorFilterOptions { HasTextString = run.Award.Organisation });
            await Expect(row).ToContainTextAsync("¥3,600.00");
            await Expect(row).ToContainTextAsync("已同意 0/1");
            await row.Locator("a").ClickAsync();
            await Expect(page.GetByTestId("subject-link")).ToHaveAttributeAsync("href", $"/{Tenant}/claims/{run.ClaimId}");
            await page.SubmitAsync(page.GetByTestId("approve"));
            await Expect(page.GetByTestId("notice")).ToHaveTextAsync("已同意，该申请审批通过。");
            await Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("已批准");
        }

        await secretariat.GotoAsync($"/{Tenant}/claims/{run.ClaimId}");
        await Expect(secretariat.GetByTestId("claim-status")).ToHaveTextAsync("已批准");
        await AssertAccessibleAsync(secretariat, "claim ready to settle");
        await secretariat.SubmitAsync(secretariat.GetByTestId("settle").Locator("button[type=submit]"));
        await Expect(secretariat.GetByTestId("notice")).ToHaveTextAsync(new Regex(@"^已结算，记账凭证 \d+ 号。$"));
        await Expect(secretariat.GetByTestId("claim-status")).ToHaveTextAsync("已结算");
        await Expect(secretariat.GetByTestId("claim-entry")).ToBeVisibleAsync();
        await Expect(secretariat.GetByTestId("claim-lines")).ToContainTextAsync("餐具发票.png");
        await secretariat.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-claim-settled.png"), FullPage = true });
        // A write-off moves the advance to expense: no money leaves the bank a second time.
        Assert.Equal(cashAfterPayment, await CashOfAsync(secretariat, GrantsWorld.FundCode));
    }

    // 8. Budget vs actual: per line approved / spent / pending / remaining, the advance paid, and the totals.
    [Fact]
    public async Task Budget_vs_actual_shows_the_numbers()
    {
        var run = await GrantAtAsync(Point.ClaimSettled);
        await using var secretariatSession = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        await using var organisationSession = await SignedInAsync(GrantsWorld.OrgMember, E2EFixture.Phone);
        var (secretariat, organisation) = (secretariatSession.Page, organisationSession.Page);

        await secretariat.GotoAsync($"/{Tenant}/projects/{run.ProjectId}");
        await secretariat.GetByTestId("bva-link").ClickAsync();
        var table = secretariat.GetByTestId("budget");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(4);
        var expected = new (string Item, string Approved, string Spent, string Pending, string Remaining)[]
        {
            (Transport, "¥6,000.00", "¥1,200.00", "¥0.00", "¥4,800.00"),
            (Materials, "¥4,000.00", "¥2,400.00", "¥0.00", "¥1,600.00"),
            (Labour, "¥10,000.00", "¥0.00", "¥0.00", "¥10,000.00"),
        };
        for (var i = 0; i < expected.Length; i++)
        {
            var cells = table.Locator("tbody tr").Nth(i).Locator("td");
            var e = expected[i];
            await Expect(cells).ToHaveTextAsync([e.Item, e.Approved, "", e.Spent, e.Pending, e.Remaining]);
        }
        await Expect(table.GetByTestId("advance-row").Locator("td").Nth(2)).ToHaveTextAsync("¥10,000.00");
        await Expect(table.GetByTestId("totals").Locator("td")).ToHaveTextAsync(["¥20,000.00", "¥10,000.00", "¥3,600.00", "¥0.00", "¥16,400.00"]);
        // The sums the page shows, worked out here from the claim.
        Assert.Equal(20_000m - TransportSpent - MaterialsSpent, 16_400m);
        await AssertAccessibleAsync(secretariat, "budget vs actual");
        await secretariat.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-budget-vs-actual.png"), FullPage = true });

        // The organisation sees the same table on its phone, the table scrolling inside its own box.
        await organisation.GotoAsync($"/{Tenant}/projects/{run.ProjectId}/budget-vs-actual");
        await Expect(organisation.GetByTestId("totals").Locator("td").Nth(2)).ToHaveTextAsync("¥3,600.00");
        Assert.False(await organisation.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"),
            "budget vs actual is wider than the phone screen");
        await organisation.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-budget-vs-actual-phone.png"), FullPage = true });
    }

    // 9. A report review that started 40 days ago: the real sweep turns it red; the dashboard and the committee's inbox show it.
    [Fact]
    public async Task The_overdue_dashboard_shows_an_old_step_in_red()
    {
        var run = await GrantAtAsync(Point.ProjectSetUp);
        await using var secretariatSession = await SignedInAsync(GrantsWorld.Secretariat, E2EFixture.Desktop);
        var secretariat = secretariatSession.Page;

        var title = $"中期报告审核（{Title}）";
        var started = GrantsWorld.ChinaToday().AddDays(-40);
        var step = await app.OverdueStepAsync(TimedStep.ReportReview, title, $"/projects/{run.ProjectId}/reports", started);

        await secretariat.GotoAsync($"/{Tenant}/time-limits");
        var row = secretariat.GetByTestId($"step-{step}");
        await Expect(row).ToHaveAttributeAsync("data-state", "Red");
        await Expect(row).ToHaveClassAsync(new Regex(@"\btable-danger\b"));
        await Expect(row.Locator(".badge")).ToHaveTextAsync("已超时");
        await Expect(row.Locator(".badge")).ToHaveClassAsync(new Regex(@"\btext-bg-danger\b"));
        await Expect(row.GetByTestId("overdue")).ToHaveTextAsync(new Regex(@"^超时 \d+ 个工作日$"));
        await Expect(row).ToContainTextAsync(GrantsWorld.Iso(started));
        await Expect(row.Locator("a")).ToHaveAttributeAsync("href", $"/{Tenant}/projects/{run.ProjectId}/reports");
        // Red rows come first in their group, and the red filter keeps it.
        await secretariat.GetByTestId("filter-red").ClickAsync();
        await Expect(secretariat.GetByTestId($"step-{step}")).ToBeVisibleAsync();
        await Expect(secretariat.Locator("tr[data-state=Green], tr[data-state=Yellow]")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(secretariat, "time limits filtered to red");
        await secretariat.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-time-limits.png"), FullPage = true });

        // The sweep told the committee once.
        await using var committee = await SignedInAsync(GrantsWorld.Committee, E2EFixture.Phone);
        await committee.Page.GotoAsync($"/{Tenant}/inbox");
        await Expect(committee.Page.GetByTestId("inbox")).ToContainTextAsync($"已超时：{title}");
        await committee.Page.GotoAsync($"/{Tenant}/time-limits?state=red");
        await Expect(committee.Page.GetByTestId($"step-{step}")).ToHaveAttributeAsync("data-state", "Red");
        await committee.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("grants-time-limits-phone.png"), FullPage = true });
    }

    // 10. The auditor: from the tranche's voucher to the committee decisions that authorised it; the audit log searched,
    // downloaded and its chain verified.
    [Fact]
    public async Task The_auditor_goes_from_a_voucher_to_who_approved_it_and_searches_exports_and_verifies_the_log()
    {
        var run = await GrantAtAsync(Point.TranchePaid);
        var entryId = await app.InTenantAsync((_, db) => db.Set<Tranche>().Where(t => t.ProjectId == run.ProjectId && t.Sequence == 1)
            .Select(t => t.JournalEntryId!.Value).SingleAsync());
        await using var auditor = await SignedInAsync(DemoData.EmailOf(Tenant, TenantRole.Auditor), E2EFixture.Desktop);
        var page = auditor.Page;

        // The voucher names its source and lists the decisions; one click opens the approval with each decision.
        await page.GotoAsync($"/{Tenant}/ledger/journal/{entryId}");
        await Expect(page.GetByTestId("source-link")).ToHaveTextAsync("拨付批次");
        var decisions = page.GetByTestId("entry-approvals").GetByTestId("approval-decisions");
        await Expect(decisions.Locator("li")).ToHaveCountAsync(2);
        await Expect(decisions).ToContainTextAsync(GrantsWorld.Committee2Name);
        await AssertAccessibleAsync(page, "voucher with its approvals");
        await page.GetByTestId("approval-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/{Tenant}/approvals/{run.TrancheApproval}$"));
        await Expect(page.Locator("body")).ToContainTextAsync("协议已签订，同意拨付首笔资助款。");
        await page.GoBackAsync();
        await page.GetByTestId("source-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/{Tenant}/projects/{run.ProjectId}$"));

        // The log: the second committee member's decision, found by person and action.
        await page.GotoAsync($"/{Tenant}/audit");
        await page.Locator("#person").FillAsync(GrantsWorld.Committee2);
        await page.Locator("#command").FillAsync("Decide");
        await page.SubmitAsync(page.GetByTestId("audit-filter").Locator("button[type=submit]"));
        var rows = page.GetByTestId("audit-log").Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync(run.TrancheApproval.ToString());
        await Expect(rows.First).ToContainTextAsync("成功");
        await AssertAccessibleAsync(page, "audit log");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("audit-log.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("DetailModel+Decide", csv);
        Assert.Contains(GrantsWorld.Committee2, csv);

        await page.GetByTestId("audit-verify-link").ClickAsync();
        await page.GetByTestId("verify-run").ClickAsync();
        await Expect(page.GetByTestId("verify-intact")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("audit-verify.png"), FullPage = true });

        await using var phone = await SignedInAsync(DemoData.EmailOf(Tenant, TenantRole.Auditor), E2EFixture.Phone);
        await phone.Page.GotoAsync($"/{Tenant}/audit");
        await Expect(phone.Page.GetByTestId("audit-log")).ToBeVisibleAsync();
        await AssertAccessibleAsync(phone.Page, "audit log", Viewports.Phone);
        await phone.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("audit-log-phone.png"), FullPage = true });
    }

    // ---- arrangement ----

    /// <summary>How far a fresh grant is brought before a step starts; each point includes all before it.</summary>
    private enum Point
    {
        /// <summary>A confirmed contest award of ¥20,000 (<see cref="Lines"/>) to a new organisation of the demo organisation member.</summary>
        Awarded,
        /// <summary>The project made from the award by the secretariat: advance funding, 50/30/20 tranches, approved.</summary>
        ProjectSetUp,
        /// <summary>Agreement signed; tranche 1 (¥10,000) requested and awaiting the committee.</summary>
        TrancheRequested,
        /// <summary>Both committee members approved tranche 1.</summary>
        TrancheApproved,
        /// <summary>Tranche 1 paid from <see cref="GrantsWorld.FundCode"/>.</summary>
        TranchePaid,
        /// <summary>The organisation's claim with the transport expense (¥1,200) and its receipt, submitted.</summary>
        ClaimSubmitted,
        /// <summary>Returned once with <see cref="ClaimFixes"/>; the transport line redone with its month, the materials line (¥2,400) added; submitted again.</summary>
        ClaimResubmitted,
        /// <summary>Approved by the secretariat and one committee member, and settled (the advance written off).</summary>
        ClaimSettled,
    }

    /// <summary>
    /// A new grant of its own brought to <paramref name="point"/> by the commands the pages send, as the people who send
    /// them (each person's next commands in one scope).
    /// </summary>
    private async Task<Run> GrantAtAsync(Point point)
    {
        await app.EnsureSecondCommitteeMemberAsync();
        var run = new Run { Award = await app.AwardAsync(Title, Lines) };
        Assert.Equal(20_000m, run.Award.Amount);
        if (point == Point.Awarded) return run;

        var today = GrantsWorld.ChinaToday();
        var first = Guid.Empty;
        await app.AsUserAsync(GrantsWorld.Secretariat, async (m, db) =>
        {
            run.ProjectId = await m.Send(new FromAwardModel.Command
            {
                AwardItemId = run.Award.AwardItemId, Mode = nameof(FundingMode.Advance),
                StartDate = GrantsWorld.Iso(today.AddDays(-30)), EndDate = GrantsWorld.Iso(today.AddDays(300)),
            });
            if (point == Point.ProjectSetUp) return;
            await m.Send(new ProjectPage.Transition { ProjectId = run.ProjectId, Action = ProjectAction.SignAgreement });
            first = await db.Set<Tranche>().Where(t => t.ProjectId == run.ProjectId).OrderBy(t => t.Sequence).Select(t => t.Id).FirstAsync();
            await m.Send(new ProjectPage.RequestTranche { ProjectId = run.ProjectId, TrancheId = first });
            run.TrancheApproval = await ApprovalOfAsync(db, first, ApprovalKind.TranchePayment);
        });
        if (point <= Point.TrancheRequested) return run;

        await app.SendAsync(new ApprovalPage.Decide { RequestId = run.TrancheApproval, Approve = true, Comment = "协议已签订，同意拨付首笔资助款。" }, GrantsWorld.Committee);
        await app.SendAsync(new ApprovalPage.Decide { RequestId = run.TrancheApproval, Approve = true, Comment = "同意。" }, GrantsWorld.Committee2);
        if (point == Point.TrancheApproved) return run;

        await app.SendAsync(new PayModel.PayTranche
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), ProjectId = run.ProjectId, TrancheId = first, PaidOn = GrantsWorld.Iso(today),
            BankReference = "ICBC-" + run.Suffix,
        }, GrantsWorld.Secretariat);
        if (point == Point.TranchePaid) return run;

        await app.AsUserAsync(GrantsWorld.OrgMember, async (m, db) =>
        {
            run.ClaimId = await m.Send(await ExpenseAsync(db, run, null, Transport, today.AddDays(-5), "重庆市九龙坡区公交出租车服务部", "送餐志愿者交通补贴",
                TransportSpent, "JT-" + run.Suffix, "交通费发票.png"));
            await m.Send(new ClaimSubmit.Submit { ClaimId = run.ClaimId });
        });
        if (point == Point.ClaimSubmitted) return run;

        await app.SendAsync(new ClaimReview.Review { ClaimId = run.ClaimId, Action = ClaimReview.ReviewAction.Return, Fixes = ClaimFixes }, GrantsWorld.Secretariat);
        await app.AsUserAsync(GrantsWorld.OrgMember, async (m, db) =>
        {
            var line = await db.Set<ExpenseClaimLine>().Where(l => l.ClaimId == run.ClaimId).Select(l => l.Id).SingleAsync();
            await m.Send(new ClaimRemoveLine.RemoveLine { ClaimId = run.ClaimId, LineId = line });
            var month = today.AddDays(-5).Month.ToString(CultureInfo.InvariantCulture);
            await m.Send(await ExpenseAsync(db, run, run.ClaimId, Transport, today.AddDays(-5), "重庆市九龙坡区公交出租车服务部", $"送餐志愿者 {month} 月交通补贴",
                TransportSpent, "JT-" + run.Suffix, "交通费发票.png"));
            await m.Send(await ExpenseAsync(db, run, run.ClaimId, Materials, today.AddDays(-4), "重庆市九龙坡区厨具批发部", "不锈钢餐盒与保温箱",
                MaterialsSpent, "CJ-" + run.Suffix, "餐具发票.png"));
            await m.Send(new ClaimSubmit.Submit { ClaimId = run.ClaimId });
        });
        if (point == Point.ClaimResubmitted) return run;

        var claimApproval = await app.AsUserAsync(GrantsWorld.Secretariat, async (m, db) =>
        {
            await m.Send(new ClaimReview.Review { ClaimId = run.ClaimId, Action = ClaimReview.ReviewAction.Approve });
            return await ApprovalOfAsync(db, run.ClaimId, ApprovalKind.ClaimPayment);
        });
        await app.SendAsync(new ApprovalPage.Decide { RequestId = claimApproval, Approve = true }, GrantsWorld.Committee);
        await app.SendAsync(new ClaimSettle.Settle
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), ClaimId = run.ClaimId, SettledOn = GrantsWorld.Iso(today),
        }, GrantsWorld.Secretariat);
        return run;
    }

    /// <summary>One expense with its receipt, as the organisation files it (a new claim when <paramref name="claim"/> is null).</summary>
    private static async Task<ClaimAddLine.AddLine> ExpenseAsync(AppDbContext db, Run run, Guid? claim, string budgetItem, DateOnly date, string payee,
        string description, decimal amount, string invoice, string receiptName) => new()
    {
        ProjectId = run.ProjectId, ClaimId = claim, Date = GrantsWorld.Iso(date), Payee = payee, Description = description,
        BudgetLineId = await db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == run.ProjectId && l.Item == budgetItem).Select(l => l.Id).SingleAsync(),
        Amount = amount.ToString("0.##", CultureInfo.InvariantCulture), InvoiceNumber = invoice, ReceiptFileName = receiptName,
        ReceiptContent = GrantsWorld.ReceiptPng(),
    };

    private static Task<Guid> ApprovalOfAsync(AppDbContext db, Guid subject, ApprovalKind kind) =>
        db.Set<ApprovalRequest>().Where(r => r.SubjectId == subject && r.Kind == kind).Select(r => r.Id).SingleAsync();

    // ---- helpers ----

    private static async Task FillLineAsync(IPage page, string budgetItem, DateOnly date, string payee, string description, decimal amount,
        string invoice, string receiptName)
    {
        var lines = page.Locator("select[name='Input.BudgetLineId']");
        var option = (await lines.Locator("option").AllInnerTextsAsync()).First(o => o.StartsWith(budgetItem + " ", StringComparison.Ordinal));
        await lines.SelectOptionAsync(new SelectOptionValue { Label = option });
        await page.Locator("input[name='Input.Date']").FillAsync(GrantsWorld.Iso(date));
        await page.Locator("input[name='Input.Payee']").FillAsync(payee);
        await page.Locator("input[name='Input.Amount']").FillAsync(amount.ToString("0.##", CultureInfo.InvariantCulture));
        await page.Locator("input[name='Input.Description']").FillAsync(description);
        await page.Locator("input[name='Input.InvoiceNumber']").FillAsync(invoice);
        await page.Locator("input[name=receipt]").SetInputFilesAsync(new FilePayload { Name = receiptName, MimeType = "image/png", Buffer = GrantsWorld.ReceiptPng() });
    }

    private static decimal Money(string text) =>
        decimal.Parse(text.Replace("¥", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);

    private static async Task<decimal> CashOfAsync(IPage page, string fundCode)
    {
        await page.GotoAsync($"/{Tenant}/ledger/funds");
        return Money(await page.GetByTestId($"fund-{fundCode}").GetByTestId("cash").InnerTextAsync());
    }

    private Task<BrowserSession> SignedInAsync(string email, ViewportSize viewport) => BrowserSession.SignedInAsync(app, Tenant, email, viewport);

    private static async Task AssertAccessibleAsync(IPage page, string what, string viewport = Viewports.Desktop) =>
        AccessibilityTests.AssertNoBlockingViolations(await page.RunAxe(), what, viewport);

    private static string Shot(string name) => Path.Combine(RepoPaths.ScreenshotDirectory, name);

    private static Guid IdIn(string url, string segment)
    {
        var match = Regex.Match(url, $"/{segment}/([0-9a-f-]{{36}})");
        Assert.True(match.Success, $"No {segment} id in {url}");
        return Guid.Parse(match.Groups[1].Value);
    }
}
