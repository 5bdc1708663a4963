using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>
/// One proposal contest (社区公益提案大赛) from setup to its public notice, in Chromium, by the people who run it: the
/// secretariat sets it up and moves its stages, an organisation registers and submits a proposal, screening returns it
/// once with a one-time list, judges score on their phones (one recuses himself), residents vote, the ranking is
/// checked against scores worked out by hand, the committee confirms the awards and answers a public objection.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ContestTests(E2EFixture app)
{
    private const string Tenant = "shipingqiao";
    private static readonly string Secretariat = DemoData.EmailOf(Tenant, TenantRole.Secretariat);
    private static readonly string Committee = DemoData.EmailOf(Tenant, TenantRole.Committee);
    private static readonly string OrgMember = DemoData.EmailOf(Tenant, TenantRole.OrgMember);
    private static readonly string Judge1 = DemoData.EmailOf(Tenant, TenantRole.Judge);
    private const string Judge2 = "judge2@shipingqiao.demo";
    private const string Judge3 = "judge3@shipingqiao.demo";

    /// <summary>The default rubric (需求性 25, 可行性 25, 预算合理性 20, 创新性 15, 可持续性 15), in form order.</summary>
    private static readonly string[] Criteria = ["need", "feasibility", "budget", "innovation", "sustainability"];

    private const int ExpertWeight = 80, ResidentWeight = 20;

    // The three proposals, by their contest number: 1 comes through the browser, 2 and 3 are written directly (set-up).
    private const string Title1 = "邻里互助：楼栋议事与便民维修";
    private const string Title2 = "楼道微光：老旧楼栋照明共治";
    private const string Title3 = "银发助餐：长者食堂暖心送餐";
    private const string DemoOrganisation2 = "九龙坡区石坪桥阳光社会工作服务中心";
    private const string DemoOrganisation3 = "重庆市九龙坡区同心圆社工服务社";

    /// <summary>What each judge enters, per proposal number, in <see cref="Criteria"/> order (half points included).</summary>
    private static readonly Dictionary<(string Judge, int Proposal), decimal[]> Scores = new()
    {
        [(Judge1, 1)] = [22m, 21.5m, 18m, 12m, 13m],
        [(Judge1, 2)] = [20m, 20m, 15m, 10m, 11m],
        [(Judge1, 3)] = [23m, 22m, 17m, 13.5m, 12m],
        [(Judge2, 1)] = [21m, 22m, 17m, 13m, 12.5m],
        [(Judge2, 2)] = [19m, 18.5m, 16m, 11m, 10m],
        [(Judge2, 3)] = [20m, 21m, 16m, 12m, 12m],
        [(Judge3, 1)] = [23m, 23m, 18.5m, 14m, 13m],
        [(Judge3, 2)] = [18m, 19m, 14m, 10m, 9.5m],
        // Judge 3 recuses himself from proposal 3 (本人曾为该机构志愿者): no sheet.
    };

    /// <summary>Resident ballots (vote limit 2): the first names proposals 1 and 3, the second only 1.</summary>
    private static readonly int[][] Ballots = [[1, 3], [1]];

    private sealed class Run
    {
        public Guid ContestId;
        public string ContestTitle = "";
        public Guid OrganisationId;
        public string OrganisationName = "";
        public readonly Dictionary<int, Guid> Proposals = [];
    }

    [Fact]
    public async Task A_contest_runs_from_setup_to_its_public_notice_with_hand_checked_results()
    {
        var run = new Run();
        await using var secretariat = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        await using var orgMember = await SignedInAsync(OrgMember, E2EFixture.Desktop);

        await TheSecretariatCreatesTheContestAndOpensCollectionAsync(secretariat.Page, run);
        await AnOrganisationRegistersIsVerifiedAndSubmitsItsProposalAsync(secretariat.Page, orgMember.Page, run);
        await TwoDemoOrganisationsHaveSubmittedTooAsync(run);
        await ScreeningReturnsTheProposalOnceAndAcceptsItsResubmissionAsync(secretariat.Page, orgMember.Page, run);
        await TheSecretariatSetsUpThePanelAndTheRunningOrderAsync(secretariat.Page, run);
        await JudgesScoreOnTheirPhonesAndOneRecusesHimselfAsync(run);
        await ResidentsRegisterAndVoteAsync(run);
        await TheRankingMatchesTheScoresWorkedOutByHandAsync(secretariat.Page, run);
        await TheCommitteeConfirmsTheAwardsAndTheNoticeIsPublishedAsync(secretariat.Page, run);
        await AnObjectionIsFiledAnonymouslyAndAnsweredInPublicAsync(run);
    }

    // 1. Setup: the secretariat creates the contest through the form and opens it for proposals.
    private static async Task TheSecretariatCreatesTheContestAndOpensCollectionAsync(IPage page, Run run)
    {
        var today = ChinaToday();
        run.ContestTitle = "2026 年石坪桥街道社区微更新提案大赛（E2E " + Guid.NewGuid().ToString("N")[..6] + "）";
        await page.GotoAsync($"/{Tenant}/contests/new");
        await page.Locator("input[name='Input.Title']").FillAsync(run.ContestTitle);
        await page.Locator("textarea[name='Input.Description']").FillAsync("面向辖区社会组织征集楼栋治理与为老服务提案。");
        await page.GetByLabel("特殊困难人群帮扶", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("社区治理", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.Locator("input[name='Input.TotalBudget']").FillAsync("60000");
        await page.Locator("input[name='Input.PerProjectCap']").FillAsync("30000");
        var funds = page.Locator("select[name='Input.PayingFundId']");
        var general = (await funds.Locator("option").AllInnerTextsAsync()).First(o => o.Contains("GEN", StringComparison.Ordinal));
        await funds.SelectOptionAsync(new SelectOptionValue { Label = general });
        await page.Locator("input[name='Input.CollectOpens']").FillAsync(Iso(today.AddDays(-1)));
        await page.Locator("input[name='Input.CollectCloses']").FillAsync(Iso(today.AddDays(10)));
        await page.Locator("input[name='Input.RefineUntil']").FillAsync(Iso(today.AddDays(20)));
        await page.Locator("input[name='Input.RoadshowDate']").FillAsync(Iso(today.AddDays(25)));
        await page.Locator("input[name='Input.ScoringCloses']").FillAsync(Iso(today.AddDays(26)));
        // The default rubric adds up to 100 and the default trim threshold (5) stays.
        await Expect(page.Locator("#rubric-total")).ToHaveTextAsync("100");
        await Expect(page.Locator("input[name='Input.TrimWhenAtLeast']")).ToHaveValueAsync("5");
        await page.Locator("input[name='Input.ExpertWeight']").FillAsync(ExpertWeight.ToString(CultureInfo.InvariantCulture));
        await page.Locator("input[name='Input.ResidentWeight']").FillAsync(ResidentWeight.ToString(CultureInfo.InvariantCulture));
        await page.Locator("input[name='Input.ResidentVoteLimit']").FillAsync("2");
        await AssertAccessibleAsync(page, "new contest form");
        var created = await page.SubmitAsync(page.GetByTestId("contest-form").Locator("button[type=submit]"));

        Assert.Equal(200, created.Status);
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("大赛已创建（草稿）。");
        await Expect(page.Locator("h1")).ToHaveTextAsync(run.ContestTitle);
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync("草稿");
        run.ContestId = IdIn(page.Url, "contests");
        await Expect(page.GetByText("¥60,000.00")).ToBeVisibleAsync();
        await Expect(page.GetByText("¥30,000.00")).ToBeVisibleAsync();

        await MoveStageAsync(page, run, ContestStage.Collecting, "征集");
    }

    // 2. An organisation member signs a new organisation up; the secretariat verifies it; the member writes and submits a proposal.
    private static async Task AnOrganisationRegistersIsVerifiedAndSubmitsItsProposalAsync(IPage secretariat, IPage member, Run run)
    {
        var body = "QE2E" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var creditCode = UnifiedSocialCreditCode.Create("52500107" + body + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body)).Value;
        run.OrganisationName = "石坪桥街道邻里互助服务中心（" + body + "）";
        await member.GotoAsync($"/{Tenant}/organisations/register");
        await member.Locator("input[name='Input.Name']").FillAsync(run.OrganisationName);
        await member.Locator("input[name='Input.CreditCode']").FillAsync(creditCode.ToLowerInvariant()); // typed in lower case: normalised
        await member.Locator("select[name='Input.Category']").SelectOptionAsync("SocialService");
        await member.Locator("input[name='Input.ContactPerson']").FillAsync("陈晓燕");
        await member.Locator("input[name='Input.Phone']").FillAsync("138 0013 8000");
        await member.Locator("input[name='Input.Address']").FillAsync("重庆市九龙坡区石坪桥街道横街 18 号");
        await AssertAccessibleAsync(member, "organisation registration form");
        await member.SubmitAsync(member.GetByTestId("organisation-form").Locator("button[type=submit]"));
        await Expect(member.GetByTestId("status")).ToHaveTextAsync("待审核");
        await Expect(member.GetByTestId("credit-code")).ToHaveTextAsync(creditCode);
        run.OrganisationId = IdIn(member.Url, "organisations");

        // Not yet verified: the member cannot pick it for a proposal and is told why.
        await member.GotoAsync($"/{Tenant}/contests/{run.ContestId}/proposals/new");
        await Expect(member.GetByTestId("unverified")).ToContainTextAsync(run.OrganisationName);

        await secretariat.GotoAsync($"/{Tenant}/organisations/{run.OrganisationId}");
        await secretariat.SubmitAsync(secretariat.Locator("button[formaction*='handler=Verify']"));
        await Expect(secretariat.GetByTestId("status")).ToHaveTextAsync("已认证");

        await member.GotoAsync($"/{Tenant}/contests/{run.ContestId}/proposals/new");
        await Expect(member.GetByTestId("unverified")).ToHaveCountAsync(0);
        await member.Locator("select[name='Input.OrganisationId']").SelectOptionAsync(new SelectOptionValue { Label = run.OrganisationName });
        await member.Locator("input[name='Input.Title']").FillAsync(Title1);
        await member.SubmitAsync(member.GetByTestId("new-proposal-form").Locator("button[type=submit]"));
        run.Proposals[1] = IdIn(member.Url, "proposals");

        // The edit form: the page starts with one empty budget row; the second comes from its add-row button.
        await member.Locator("select[name='Input.Category']").SelectOptionAsync("社区治理");
        await member.Locator("textarea[name='Input.Need']").FillAsync("横街老旧小区无物业，楼道灯、水管等小修小补长期无人负责，居民意见大。");
        await member.Locator("textarea[name='Input.Goals']").FillAsync("一年内培育 6 个楼栋议事会，完成 100 次便民维修。");
        await member.Locator("input[name='Input.BeneficiariesWho']").FillAsync("横街片区 6 栋老旧楼栋居民");
        await member.Locator("input[name='Input.BeneficiariesCount']").FillAsync("360");
        await member.Locator("textarea[name='Input.ActivityPlan']").FillAsync("1. 楼栋长培训\n2. 每月议事会\n3. 便民维修日");
        await member.Locator("input[name='Input.StartDate']").FillAsync(Iso(ChinaToday().AddDays(40)));
        await member.Locator("input[name='Input.EndDate']").FillAsync(Iso(ChinaToday().AddDays(400)));
        await member.Locator("input[name='Input.CoFunding']").FillAsync("2000");
        await member.Locator("input[name='Input.Lines[0].Item']").FillAsync("活动物料包");
        await member.Locator("select[name='Input.Lines[0].Kind']").SelectOptionAsync("Materials");
        await member.Locator("input[name='Input.Lines[0].UnitPrice']").FillAsync("85.50");
        await member.Locator("input[name='Input.Lines[0].Quantity']").FillAsync("120");
        await Expect(member.Locator("#budget-rows tr")).ToHaveCountAsync(1);
        await member.Locator("#add-line").ClickAsync();
        await Expect(member.Locator("#budget-rows tr")).ToHaveCountAsync(2);
        await member.Locator("input[name='Input.Lines[1].Item']").FillAsync("社工服务费");
        await member.Locator("select[name='Input.Lines[1].Kind']").SelectOptionAsync("Labour");
        await member.Locator("input[name='Input.Lines[1].UnitPrice']").FillAsync("300");
        await member.Locator("input[name='Input.Lines[1].Quantity']").FillAsync("30");
        await Expect(member.Locator("#budget-total")).ToHaveTextAsync("¥19,260.00");
        await AssertAccessibleAsync(member, "proposal edit form");
        await member.SubmitAsync(member.GetByTestId("proposal-form").Locator("button[type=submit]"));
        await Expect(member.GetByTestId("notice")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("requested-total")).ToHaveTextAsync("¥19,260.00");
        await Expect(member.GetByTestId("budget").Locator("tbody tr")).ToHaveCountAsync(2);

        // A site photo as supporting document.
        var folder = Directory.CreateTempSubdirectory("cf-e2e-upload-");
        try
        {
            var photo = Path.Combine(folder.FullName, "楼道现场照片.png");
            await File.WriteAllBytesAsync(photo, TinyPng);
            await member.Locator("#file").SetInputFilesAsync(photo);
            await member.SubmitAsync(member.GetByTestId("upload-form").Locator("button[type=submit]"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        await Expect(member.GetByTestId("attachment")).ToHaveCountAsync(1);
        await Expect(member.GetByTestId("attachment")).ToContainTextAsync("楼道现场照片.png");

        await Expect(member.GetByTestId("submit-problems")).ToHaveCountAsync(0);
        await member.SubmitAsync(member.GetByTestId("submit-button"));
        await Expect(member.GetByTestId("proposal-status")).ToHaveTextAsync("已提交");
        await Expect(member.GetByTestId("version-1")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("edit-link")).ToHaveCountAsync(0);
    }

    // Set-up: two demo organisations submitted proposals too (written like the unit tests' ContestWorld does).
    private async Task TwoDemoOrganisationsHaveSubmittedTooAsync(Run run)
    {
        var ids = await InTenantAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var member = (await users.FindByEmailAsync(OrgMember))!.Id;
            var secretary = (await users.FindByEmailAsync(Secretariat))!.Id;
            var organisations = await db.Set<Organisation>().Where(o => o.Name == DemoOrganisation2 || o.Name == DemoOrganisation3)
                .ToDictionaryAsync(o => o.Name, o => o.Id);
            var contest = await db.Set<Contest>().SingleAsync(c => c.Id == run.ContestId);
            var now = DateTimeOffset.UtcNow;
            var second = Add(organisations[DemoOrganisation2], member, ProposalChannel.Online, now.AddMinutes(-30), new ProposalContent
            {
                Title = Title2, Category = "社区治理", Need = "老旧楼栋楼道无照明，老人夜间上下楼易跌倒。", Goals = "为 12 栋楼安装感应灯并建立居民维护小组。",
                BeneficiariesWho = "12 栋老旧楼栋居民", BeneficiariesCount = 800, ActivityPlan = "摸排、安装、培训维护小组。",
                StartDate = ChinaToday().AddDays(40), EndDate = ChinaToday().AddDays(300),
                Lines = [new BudgetLine("楼道感应灯具", BudgetKind.Materials, 150m, 120), new BudgetLine("安装与维护人工", BudgetKind.Labour, 200m, 60)],
            });
            var third = Add(organisations[DemoOrganisation3], secretary, ProposalChannel.CollectedOnVisit, now.AddMinutes(-20), new ProposalContent
            {
                Title = Title3, Category = "特殊困难人群帮扶", Need = "高龄独居老人就餐困难。", Goals = "为 40 位高龄老人每日送餐。",
                BeneficiariesWho = "高龄独居老人", BeneficiariesCount = 40, ActivityPlan = "长者食堂配餐，志愿者送餐上门。",
                StartDate = ChinaToday().AddDays(40), EndDate = ChinaToday().AddDays(200),
                Lines = [new BudgetLine("送餐保温箱", BudgetKind.Materials, 250m, 20), new BudgetLine("送餐志愿者交通补贴", BudgetKind.Transport, 50m, 200)],
            });
            return (second, third);

            Guid Add(Guid organisation, Guid by, ProposalChannel channel, DateTimeOffset at, ProposalContent content)
            {
                contest.ProposalSeq++;
                var p = new Proposal
                {
                    ContestId = contest.Id, OrganisationId = organisation, Number = contest.ProposalSeq, Status = ProposalStatus.Submitted,
                    Channel = channel, CreatedBy = by, CreatedAt = at,
                };
                p.SetDraft(content);
                db.Add(p);
                db.Add(p.Submit(by, at));
                return p.Id;
            }
        });
        (run.Proposals[2], run.Proposals[3]) = ids;
        Assert.Equal(3, await InTenantAsync((_, db) => db.Set<Proposal>().CountAsync(p => p.ContestId == run.ContestId && p.Status == ProposalStatus.Submitted)));
    }

    // 3. Screening: returned once with a two-item list, fixed, resubmitted with both items ticked, then accepted.
    private async Task ScreeningReturnsTheProposalOnceAndAcceptsItsResubmissionAsync(IPage secretariat, IPage member, Run run)
    {
        // While collection is still open the move is refused, with the reason shown.
        await secretariat.GotoAsync($"/{Tenant}/contests/{run.ContestId}");
        await Expect(secretariat.GetByTestId("refusals-Screening")).ToBeVisibleAsync();
        await SetContestAsync(run, c => c.CollectCloses = ChinaToday().AddDays(-1)); // the collection period has ended
        await MoveStageAsync(secretariat, run, ContestStage.Screening, "初审");

        await secretariat.GotoAsync($"/{Tenant}/proposals/{run.Proposals[1]}/screening");
        await AssertAccessibleAsync(secretariat, "screening decision page");
        await secretariat.GetByTestId("return-form").Locator("textarea[name='Input.Fixes']")
            .FillAsync("请补充楼栋议事会的组建计划和时间表。\n“活动物料包”数量偏多，请按实际户数核减。");
        await secretariat.SubmitAsync(secretariat.GetByTestId("return-form").Locator("button[type=submit]"));
        await Expect(secretariat.GetByTestId("proposal-status")).ToHaveTextAsync("已退回修改");
        await Expect(secretariat.GetByTestId("fix-list").Locator("li")).ToHaveCountAsync(2);

        // The organisation edits the budget (120 → 100 kits) and answers the list.
        await member.GotoAsync($"/{Tenant}/proposals/{run.Proposals[1]}");
        await Expect(member.GetByTestId("proposal-status")).ToHaveTextAsync("退回修改");
        await Expect(member.GetByTestId("fix-list")).ToContainTextAsync("请补充楼栋议事会的组建计划和时间表。");
        await member.GetByTestId("edit-link").ClickAsync();
        await member.Locator("input[name='Input.Lines[0].Quantity']").FillAsync("100");
        await Expect(member.Locator("#budget-total")).ToHaveTextAsync("¥17,550.00");
        await member.SubmitAsync(member.GetByTestId("proposal-form").Locator("button[type=submit]"));
        await Expect(member.GetByTestId("requested-total")).ToHaveTextAsync("¥17,550.00");
        var checklist = member.GetByTestId("fix-checklist");
        await Expect(checklist.Locator("input[type=checkbox]")).ToHaveCountAsync(2);
        await member.Locator("#fix0").CheckAsync();
        await member.Locator("#fixAnswer0").FillAsync("已补充：第一季度组建 6 个楼栋议事会，时间表见活动计划。");
        await member.Locator("#fix1").CheckAsync();
        await member.Locator("#fixAnswer1").FillAsync("已按 100 户核减为 100 份。");
        await AssertAccessibleAsync(member, "proposal with the fix-list checklist");
        await member.SubmitAsync(member.GetByTestId("submit-button"));
        await Expect(member.GetByTestId("proposal-status")).ToHaveTextAsync("已提交");
        await Expect(member.GetByTestId("version-2")).ToBeVisibleAsync();
        await Expect(member.GetByTestId("fix-list").Locator(".badge")).ToHaveCountAsync(2); // both items marked done

        // The secretariat accepts all three; a returned proposal cannot be returned a second time.
        foreach (var number in new[] { 1, 2, 3 })
        {
            await secretariat.GotoAsync($"/{Tenant}/proposals/{run.Proposals[number]}/screening");
            if (number == 1) await Expect(secretariat.GetByTestId("return-used")).ToBeVisibleAsync();
            await secretariat.SubmitAsync(secretariat.GetByTestId("accept"));
            await Expect(secretariat.GetByTestId("proposal-status")).ToHaveTextAsync("已受理");
        }

        // Version 1 against version 2: the requested amount and the changed budget line are highlighted, the title is not.
        await member.GotoAsync($"/{Tenant}/proposals/{run.Proposals[1]}");
        await member.GetByTestId("compare-2").ClickAsync();
        await Expect(member).ToHaveURLAsync(new Regex($"/proposals/{run.Proposals[1]}/compare\\?a=1&b=2$"));
        var amount = member.GetByTestId("field-RequestedAmount");
        await Expect(amount).ToHaveAttributeAsync("data-changed", "true");
        await Expect(amount).ToHaveClassAsync(new Regex(@"\bcf-changed\b"));
        await Expect(amount.Locator("td").Nth(0)).ToHaveTextAsync("¥19,260.00");
        await Expect(amount.Locator("td").Nth(1)).ToHaveTextAsync("¥17,550.00");
        Assert.Equal("rgb(255, 243, 205)", await amount.Locator("td").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await Expect(member.GetByTestId("field-Title")).ToHaveAttributeAsync("data-changed", "false");
        var line = member.GetByTestId("line-Changed");
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line).ToContainTextAsync("活动物料包");
        await Expect(line).ToContainTextAsync("120 → 100");
        await Expect(member.GetByTestId("line-Unchanged")).ToContainTextAsync("社工服务费");
        await AssertAccessibleAsync(member, "version comparison");
    }

    // 4. Refining, then the panel, the running order and the printed schedule; then the roadshow opens.
    private async Task TheSecretariatSetsUpThePanelAndTheRunningOrderAsync(IPage page, Run run)
    {
        await MoveStageAsync(page, run, ContestStage.Refining, "一对一优化");
        await SetContestAsync(run, c => c.RefineUntil = ChinaToday().AddDays(-1)); // the refinement period has ended

        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/judges");
        await Expect(page.GetByTestId("panel-empty")).ToBeVisibleAsync();
        foreach (var judge in new[] { Judge1, Judge2, Judge3 })
        {
            var select = page.Locator("#add-user");
            var value = await select.Locator("option", new LocatorLocatorOptions { HasTextString = "(" + judge + ")" }).GetAttributeAsync("value");
            await select.SelectOptionAsync(value!);
            await page.SubmitAsync(page.GetByTestId("add-judge").Locator("button[type=submit]"));
        }
        await Expect(page.GetByTestId("panel").Locator("tbody tr")).ToHaveCountAsync(3);
        foreach (var judge in new[] { Judge1, Judge2, Judge3 })
            await Expect(page.GetByTestId("panel")).ToContainTextAsync(judge);
        await AssertAccessibleAsync(page, "judge panel");

        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/schedule");
        await page.Locator("#fill-start").FillAsync("09:00");
        await page.Locator("#fill-minutes").FillAsync("15");
        await page.Locator("#fill-break").FillAsync("5");
        await page.SubmitAsync(page.GetByTestId("fill-form").Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("row-1").Locator("[data-slot=start]")).ToHaveValueAsync("09:00");
        await Expect(page.GetByTestId("row-2").Locator("[data-slot=start]")).ToHaveValueAsync("09:20");
        await Expect(page.GetByTestId("row-3").Locator("[data-slot=start]")).ToHaveValueAsync("09:40");
        await AssertAccessibleAsync(page, "schedule");
        await page.SubmitAsync(page.GetByTestId("schedule-form").Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("路演顺序与时段已保存。");

        await page.GetByTestId("print-link").ClickAsync();
        await Expect(page.GetByTestId("print-schedule")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("line-1")).ToContainTextAsync("09:00–09:15");
        await Expect(page.GetByTestId("line-1")).ToContainTextAsync(Title1);
        await Expect(page.GetByTestId("line-2")).ToContainTextAsync("09:20–09:35");
        await Expect(page.GetByTestId("line-3")).ToContainTextAsync("09:40–09:55");
        await Expect(page.GetByTestId("line-3")).ToContainTextAsync(DemoOrganisation3);
        await Expect(page.GetByTestId("roadshow-date")).ToContainTextAsync(Iso(ChinaToday().AddDays(25)));
        AccessibilityTests.AssertNoBlockingViolations(await page.RunAxe(), "printable schedule", Viewports.Desktop);

        await MoveStageAsync(page, run, ContestStage.Roadshow, "路演评审");
    }

    // 5. Judges on phones: judge 3 recuses himself from proposal 3 first; every sheet is filled and submitted.
    private async Task JudgesScoreOnTheirPhonesAndOneRecusesHimselfAsync(Run run)
    {
        await using (var judge3 = await SignedInAsync(Judge3, E2EFixture.Phone))
        {
            var page = judge3.Page;
            await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/conflicts");
            var card = page.GetByTestId("proposal-3");
            await card.Locator("summary").ClickAsync();
            await AssertAccessibleAsync(page, "conflict declaration", Viewports.Phone);
            await card.Locator("#reason-3").FillAsync("本人曾为该机构志愿者，申请回避。");
            await page.SubmitAsync(card.Locator("button[type=submit]"));
            await Expect(page.GetByTestId("proposal-3").GetByTestId("recused")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("proposal-1").GetByTestId("recused")).ToHaveCountAsync(0);

            await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/score");
            await Expect(page.GetByTestId("open-sheet-3")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("score-row-3").GetByTestId("sheet-state")).ToHaveAttributeAsync("data-state", "Recused");
            var refused = await page.GotoAsync($"/{Tenant}/proposals/{run.Proposals[3]}/sheet");
            Assert.Equal(403, refused?.Status);
            await ScoreAllAsync(page, Judge3, run);
        }
        await using (var judge1 = await SignedInAsync(Judge1, E2EFixture.Phone))
            await ScoreAllAsync(judge1.Page, Judge1, run, screenshot: true);
        await using (var judge2 = await SignedInAsync(Judge2, E2EFixture.Phone))
            await ScoreAllAsync(judge2.Page, Judge2, run);
    }

    private static async Task ScoreAllAsync(IPage page, string judge, Run run, bool screenshot = false)
    {
        var mine = Scores.Keys.Where(k => k.Judge == judge).Select(k => k.Proposal).Order().ToList();
        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/score");
        await Expect(page.GetByTestId("score-progress")).ToHaveTextAsync($"已提交 0 / {mine.Count} 份评分表。");
        for (var i = 0; i < mine.Count; i++)
        {
            var number = mine[i];
            var scores = Scores[(judge, number)];
            await page.GetByTestId($"open-sheet-{number}").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/proposals/{run.Proposals[number]}/sheet$"));
            if (screenshot && i == 0)
            {
                // A draft first: two criteria, saved, still there when the sheet comes back.
                await page.GetByTestId($"score-{Criteria[0]}").FillAsync(Points(scores[0]));
                await page.GetByTestId($"score-{Criteria[1]}").FillAsync(Points(scores[1]));
                await page.SubmitAsync(page.GetByTestId("save-draft"));
                await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();
                await Expect(page.GetByTestId($"score-{Criteria[1]}")).ToHaveValueAsync(Points(scores[1]));
                await Expect(page.GetByTestId("sheet-state")).ToHaveAttributeAsync("data-state", "Draft");
            }
            for (var c = 0; c < Criteria.Length; c++)
                await page.GetByTestId($"score-{Criteria[c]}").FillAsync(Points(scores[c]));
            await page.Locator("textarea[name='Input.Comment']").FillAsync($"第 {number} 号提案：需求清楚，执行计划可行。");
            await Expect(page.GetByTestId("live-total")).ToHaveTextAsync(Points(scores.Sum()));
            if (screenshot && i == 0)
            {
                var shot = Path.Combine(RepoPaths.ScreenshotDirectory, "contest-scoring-sheet-phone.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                Assert.True(new FileInfo(shot).Length > 1000);
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(overflow, "the scoring sheet is wider than the phone screen");
                await AssertAccessibleAsync(page, "filled scoring sheet", Viewports.Phone);
            }
            await page.SubmitAsync(page.GetByTestId("submit-sheet"));
            await Expect(page).ToHaveURLAsync(new Regex($"/contests/{run.ContestId}/score$"));
            await Expect(page.GetByTestId("score-progress")).ToHaveTextAsync($"已提交 {i + 1} / {mine.Count} 份评分表。");
            await Expect(page.GetByTestId($"score-row-{number}").GetByTestId("sheet-state")).ToHaveAttributeAsync("data-state", "Submitted");
        }
        // A submitted sheet is locked.
        await page.GotoAsync($"/{Tenant}/proposals/{run.Proposals[mine[0]]}/sheet");
        await Expect(page.GetByTestId("sheet-locked")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sheet-form")).ToHaveCountAsync(0);
    }

    // 6. Residents register through the tenant's sign-up form (as from the QR code) and vote; the tally counts them.
    private async Task ResidentsRegisterAndVoteAsync(Run run)
    {
        var votePath = $"/{Tenant}/contests/{run.ContestId}/vote";
        for (var r = 0; r < Ballots.Length; r++)
        {
            await using var context = await app.NewContextAsync(E2EFixture.Phone);
            var page = await context.NewPageAsync();
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await page.GotoAsync($"/{Tenant}/account/register?returnUrl={Uri.EscapeDataString(votePath)}");
            await page.Locator("input[name='Input.DisplayName']").FillAsync(r == 0 ? "张秀英" : "刘建国");
            var email = $"e2e-resident-{Guid.NewGuid():N}@example.com";
            await page.Locator("input[name='Input.Email']").FillAsync(email);
            await page.Locator("input[name='Input.Password']").FillAsync("石坪桥居民投票-2026");
            await page.Locator("input[name='Input.ConfirmPassword']").FillAsync("石坪桥居民投票-2026");
            await page.SubmitAsync(page.Locator("main form button[type=submit]"));
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(votePath) + "$"));
            // Only verified residents vote: the page asks for the e-mail confirmation; its link leads back here.
            await Expect(page.GetByTestId("confirm-email-first")).ToBeVisibleAsync();
            await page.GotoAsync(await Mailbox.ConfirmationLinkAsync(app, email));
            await Expect(page.GetByTestId("email-confirmed")).ToBeVisibleAsync();
            await page.GetByTestId("continue").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(votePath) + "$"));

            await Expect(page.GetByTestId("choice")).ToHaveCountAsync(3);
            foreach (var number in Ballots[r])
                await page.GetByTestId("choice").Filter(new LocatorFilterOptions { HasTextString = TitleOf(number) }).Locator("input[type=checkbox]").CheckAsync();
            await Expect(page.GetByTestId("vote-counter")).ToHaveTextAsync($"已选 {Ballots[r].Length} / 2 项");
            if (r == 0) await AssertAccessibleAsync(page, "open resident vote", Viewports.Phone);
            await page.SubmitAsync(page.Locator("#vote-submit"));
            await Expect(page.GetByTestId("notice")).ToHaveTextAsync("投票成功，感谢您的参与！");
            await Expect(page.GetByTestId("my-choices").Locator("li")).ToHaveCountAsync(Ballots[r].Length);
            await Expect(page.GetByTestId("vote-form")).ToHaveCountAsync(0);
        }

        await using var screen = await app.NewContextAsync();
        var tally = await screen.NewPageAsync();
        await tally.GotoAsync($"/{Tenant}/contests/{run.ContestId}/tally");
        await Expect(tally.GetByTestId("tally-ballots")).ToHaveTextAsync(Ballots.Length.ToString(CultureInfo.InvariantCulture));
        foreach (var number in new[] { 1, 2, 3 })
        {
            await Expect(tally.Locator($"li[data-id='{run.Proposals[number]}']").GetByTestId("tally-count"))
                .ToHaveTextAsync(VotesOf(number).ToString(CultureInfo.InvariantCulture));
        }
        await AssertAccessibleAsync(tally, "live tally screen");
    }

    // 7. Scoring closes; the ranking and every score match what is worked out here by hand.
    private static async Task TheRankingMatchesTheScoresWorkedOutByHandAsync(IPage page, Run run)
    {
        await MoveStageAsync(page, run, ContestStage.ScoringClosed, "评分结束");

        // By hand: fewer than 5 judges, so the expert score is the plain mean of the non-recused judges' totals;
        // resident score = votes / most votes × 100; final = 80 % expert + 20 % resident, rounded to 2 decimals.
        var maxVotes = new[] { 1, 2, 3 }.Max(VotesOf);
        var expected = new[] { 1, 2, 3 }.Select(number =>
        {
            var expert = Scores.Where(s => s.Key.Proposal == number).Average(s => s.Value.Sum());
            var resident = VotesOf(number) * 100m / maxVotes;
            var final = expert * ExpertWeight / 100m + resident * ResidentWeight / 100m;
            return (Number: number, Expert: Two(expert), Votes: VotesOf(number), Resident: Two(resident), Final: Two(final));
        }).OrderByDescending(r => decimal.Parse(r.Final, CultureInfo.InvariantCulture)).ToList();
        // The same numbers written out, so a mistake in the sums above cannot hide one in the page.
        Assert.Equal(
            new[] { (1, "87.83", 2, "100.00", "90.27"), (3, "84.25", 1, "50.00", "77.40"), (2, "73.67", 0, "0.00", "58.93") },
            expected.Select(e => (e.Number, e.Expert, e.Votes, e.Resident, e.Final)).ToArray());

        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/results");
        var rows = page.GetByTestId("rank-row");
        await Expect(rows).ToHaveCountAsync(3);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = rows.Nth(i);
            var e = expected[i];
            await Expect(row).ToHaveAttributeAsync("data-number", e.Number.ToString(CultureInfo.InvariantCulture));
            await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync((i + 1).ToString(CultureInfo.InvariantCulture));
            await Expect(row.GetByTestId("rank-title")).ToHaveTextAsync(TitleOf(e.Number));
            await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(e.Expert);
            await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(e.Votes.ToString(CultureInfo.InvariantCulture));
            await Expect(row.Locator("td").Nth(6)).ToHaveTextAsync(e.Resident);
            await Expect(row.Locator("td").Nth(7)).ToHaveTextAsync(e.Final);
        }
        // Judge 3's recusal: proposal 3 counts two judges' sheets, the others three.
        await Expect(page.GetByTestId("sheets-3").GetByTestId("judge-line")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("sheets-3").GetByTestId("excluded")).ToContainTextAsync("黄志强"); // judge3's recusal is shown
        await Expect(page.GetByTestId("sheets-1").GetByTestId("excluded")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("sheets-1").GetByTestId("judge-line")).ToHaveCountAsync(3);
        await page.Locator("#openAll").ClickAsync();
        await Expect(page.GetByTestId("sheets-1")).ToHaveAttributeAsync("open", "");
        await AssertAccessibleAsync(page, "results with every sheet open");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, "contest-results.png"), FullPage = true });
    }

    // 8. The secretariat proposes the awards (one cut, with its reason); a committee member confirms; the notice is published.
    private async Task TheCommitteeConfirmsTheAwardsAndTheNoticeIsPublishedAsync(IPage secretariat, Run run)
    {
        await secretariat.GotoAsync($"/{Tenant}/contests/{run.ContestId}/awards");
        var form = secretariat.GetByTestId("propose-form");
        var third = form.Locator("tbody tr").Filter(new LocatorFilterOptions { HasTextString = Title3 });
        await third.Locator("input[name$='.Amount']").FillAsync("14000");
        await third.Locator("input[name$='.Reason']").FillAsync("送餐志愿者交通补贴按实际路线核减。");
        await AssertAccessibleAsync(secretariat, "award proposal form");
        await secretariat.SubmitAsync(form.Locator("button[type=submit]"));
        await Expect(secretariat.GetByTestId("list-status")).ToHaveTextAsync("待管委会确认");
        // Greedy within ¥60,000: 1 (¥17,550) and 3 (cut to ¥14,000) fit; 2 (¥30,000) no longer does.
        var items = secretariat.GetByTestId("award-item");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Nth(0)).ToContainTextAsync(Title1);
        await Expect(items.Nth(0).GetByTestId("amount")).ToHaveTextAsync("¥17,550.00");
        await Expect(items.Nth(0).GetByTestId("outcome")).ToHaveTextAsync("全额资助");
        await Expect(items.Nth(1)).ToContainTextAsync(Title3);
        await Expect(items.Nth(1).GetByTestId("amount")).ToHaveTextAsync("¥14,000.00");
        await Expect(items.Nth(1).GetByTestId("outcome")).ToHaveTextAsync("核减后资助");
        await Expect(items.Nth(2)).ToContainTextAsync(Title2);
        await Expect(items.Nth(2).GetByTestId("amount")).ToHaveTextAsync("¥0.00");
        await Expect(items.Nth(2).GetByTestId("outcome")).ToHaveTextAsync("预算不足未获资助");
        await Expect(secretariat.GetByTestId("total-awarded")).ToHaveTextAsync("¥31,550.00");
        await Expect(secretariat.GetByTestId("remaining")).ToHaveTextAsync("¥28,450.00");
        await Expect(secretariat.GetByTestId("confirm-form")).ToHaveCountAsync(0); // the preparer cannot confirm

        // The notice cannot be published before the committee confirms.
        await secretariat.GotoAsync($"/{Tenant}/contests/{run.ContestId}");
        await Expect(secretariat.GetByTestId("refusals-PublicNotice")).ToBeVisibleAsync();

        await using (var committee = await SignedInAsync(Committee, E2EFixture.Desktop))
        {
            var page = committee.Page;
            await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/awards");
            await page.Locator("#confirm-note").FillAsync("经管委会会议审议通过。");
            await page.SubmitAsync(page.GetByTestId("confirm-form").Locator("button[type=submit]"));
            await Expect(page.GetByTestId("list-status")).ToHaveTextAsync("管委会已确认");
            await Expect(page.GetByTestId("confirmed-by")).ToBeVisibleAsync();
        }

        await MoveStageAsync(secretariat, run, ContestStage.PublicNotice, "公示");
    }

    // 9. Anyone reads the notice and files an objection without an account; the committee's answer is published with it.
    private async Task AnObjectionIsFiledAnonymouslyAndAnsweredInPublicAsync(Run run)
    {
        const string objection = "送餐项目的服务对象名单是否已经社区核实？希望公开筛选标准。";
        const string answer = "经核实，服务对象由社区网格员逐户走访确认，筛选标准将随项目一并公示，评审结果不变。";
        var noticePath = $"/{Tenant}/contests/{run.ContestId}/notice";

        await using var visitor = await app.NewContextAsync(E2EFixture.Phone);
        var page = await visitor.NewPageAsync();
        var response = await page.GotoAsync(noticePath);
        Assert.Equal(200, response?.Status);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        var items = page.GetByTestId("notice-item");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Nth(0)).ToContainTextAsync(Title1);
        await Expect(items.Nth(0)).ToContainTextAsync("¥17,550.00");
        await Expect(items.Nth(1)).ToContainTextAsync(Title3);
        await Expect(items.Nth(1)).ToContainTextAsync("¥14,000.00");
        await Expect(items.Nth(1)).ToContainTextAsync("送餐志愿者交通补贴按实际路线核减。");
        await Expect(items.Nth(2)).ToContainTextAsync("预算不足未获资助");
        await Expect(page.GetByTestId("notice-period")).ToBeVisibleAsync();

        await page.Locator("select[name='Input.ProposalId']").SelectOptionAsync(run.Proposals[3].ToString());
        await page.Locator("textarea[name='Input.Text']").FillAsync(objection);
        await page.Locator("input[name='Input.Name']").FillAsync("陈女士");
        await page.Locator("input[name='Input.Contact']").FillAsync("139 1234 5678");
        await page.SubmitAsync(page.GetByTestId("objection-form").Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("open-count")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("answered-empty")).ToBeVisibleAsync();

        await using (var committee = await SignedInAsync(Committee, E2EFixture.Desktop))
        {
            var desk = committee.Page;
            await desk.GotoAsync($"/{Tenant}/contests/{run.ContestId}/objections");
            var filed = desk.GetByTestId("objection").Filter(new LocatorFilterOptions { HasTextString = objection });
            await Expect(filed).ToContainTextAsync("13912345678"); // the contact is for the committee's eyes
            await Expect(filed.GetByTestId("objection-state")).ToHaveTextAsync("待答复");
            await AssertAccessibleAsync(desk, "objections with an answer form");
            await filed.Locator("textarea[name='Input.Text']").FillAsync(answer);
            await desk.SubmitAsync(filed.Locator("button[type=submit]"));
            await Expect(desk.GetByTestId("objection").Filter(new LocatorFilterOptions { HasTextString = objection }).GetByTestId("objection-state"))
                .ToHaveTextAsync("已答复");
        }

        await page.GotoAsync(noticePath);
        var published = page.GetByTestId("answered-objection");
        await Expect(published).ToHaveCountAsync(1);
        await Expect(published).ToContainTextAsync(objection);
        await Expect(published).ToContainTextAsync("陈**"); // the name is masked in public
        await Expect(published).Not.ToContainTextAsync("13912345678");
        await Expect(published.GetByTestId("answer")).ToHaveTextAsync(answer);
        await Expect(page.GetByTestId("open-count")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "public notice with an answered objection", Viewports.Phone);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, "contest-public-notice.png"), FullPage = true });
    }

    // ---- helpers ----

    private Task<BrowserSession> SignedInAsync(string email, ViewportSize viewport) => BrowserSession.SignedInAsync(app, Tenant, email, viewport);

    /// <summary>Moves the contest on its own page, after checking the page lists nothing in the way.</summary>
    private static async Task MoveStageAsync(IPage page, Run run, ContestStage to, string stageName)
    {
        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}");
        await Expect(page.GetByTestId($"refusals-{to}")).ToHaveCountAsync(0);
        var form = page.GetByTestId("stage-moves").Locator($"form:has(input[name='Input.To'][value='{to}'])");
        await page.SubmitAsync(form.Locator("button[type=submit]"));
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync($"大赛已进入“{stageName}”阶段。");
        await Expect(page.GetByTestId("stage")).ToHaveTextAsync(stageName);
    }

    /// <summary>axe-core finds no serious or critical problem on the page as it stands (forms filled in, panels open).</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what, string viewport = Viewports.Desktop) =>
        AccessibilityTests.AssertNoBlockingViolations(await page.RunAxe(), what, viewport);

    private Task SetContestAsync(Run run, Action<Contest> change) =>
        InTenantAsync(async (_, db) =>
        {
            change(await db.Set<Contest>().SingleAsync(c => c.Id == run.ContestId));
            return 0;
        });

    /// <summary>Runs <paramref name="work"/> with the app's services in the demo tenant and saves what it changed.</summary>
    private Task<T> InTenantAsync<T>(Func<IServiceProvider, AppDbContext, Task<T>> work) =>
        app.WithServicesAsync(async sp =>
        {
            var tenant = await sp.GetRequiredService<CatalogDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Identifier == Tenant);
            sp.GetRequiredService<ITenantContext>().Set(tenant.ToInfo());
            var db = sp.GetRequiredService<AppDbContext>();
            var result = await work(sp, db);
            await db.SaveChangesAsync();
            return result;
        });

    private static int VotesOf(int number) => Ballots.Count(b => b.Contains(number));

    private static string TitleOf(int number) => number switch { 1 => Title1, 2 => Title2, 3 => Title3, _ => throw new ArgumentOutOfRangeException(nameof(number)) };

    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Points(decimal points) => points.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Two(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static Guid IdIn(string url, string segment)
    {
        var match = Regex.Match(url, $"/{segment}/([0-9a-f-]{{36}})");
        Assert.True(match.Success, $"No {segment} id in {url}");
        return Guid.Parse(match.Groups[1].Value);
    }

    /// <summary>A valid 1×1 PNG.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
