using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Web.Features.Contests.Stages;
using static CommunityFund.E2ETests.ContestWorld;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>
/// One proposal contest (社区公益提案大赛) from setup to its public notice, in Chromium, by the people who run it, as
/// independent steps: the secretariat sets it up and moves its stages, an organisation registers and submits a proposal,
/// screening returns it once with a one-time list, judges score on their phones (one declares a conflict), residents vote,
/// the ranking is checked against scores worked out by hand, the committee confirms the awards and answers a public
/// objection. Each step starts from a contest of its own, brought by the app's commands to where the step begins
/// (<see cref="ContestWorld"/>), and from the people's saved sign-ins, so a failing step names itself and the others still run.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ContestTests(E2EFixture app) : BrowserTest
{
    // 1. Setup: the secretariat creates the contest through the form and opens it for proposals.
    [Fact]
    public async Task The_secretariat_creates_the_contest_and_opens_it_for_proposals()
    {
        var run = new Run();
        await using var secretariat = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;

        var today = ChinaToday();
        run.ContestTitle = NewContestTitle();
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
    [Fact]
    public async Task An_organisation_registers_is_verified_and_submits_its_proposal()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Collecting);
        await using var secretariatSession = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        await using var memberSession = await SignedInAsync(OrgMember, E2EFixture.Desktop);
        var (secretariat, member) = (secretariatSession.Page, memberSession.Page);

        (run.OrganisationName, var creditCode) = await app.NewOrganisationAsync();
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

    // 3. Screening: returned once with a two-item list, fixed, resubmitted with both items ticked, then accepted.
    [Fact]
    public async Task Screening_returns_the_proposal_once_and_accepts_its_resubmission()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Submitted);
        await using var secretariatSession = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        await using var memberSession = await SignedInAsync(OrgMember, E2EFixture.Desktop);
        var (secretariat, member) = (secretariatSession.Page, memberSession.Page);

        // While collection is still open the move is refused, with the reason shown.
        await secretariat.GotoAsync($"/{Tenant}/contests/{run.ContestId}");
        await Expect(secretariat.GetByTestId("refusals-Screening")).ToBeVisibleAsync();
        await app.SetContestAsync(run, c => c.CollectCloses = ChinaToday().AddDays(-1)); // the collection period has ended
        await MoveStageAsync(secretariat, run, ContestStage.Screening, "初审");

        await secretariat.GotoAsync($"/{Tenant}/proposals/{run.Proposals[1]}/screening");
        await AssertAccessibleAsync(secretariat, "screening decision page");
        await secretariat.GetByTestId("return-form").Locator("textarea[name='Input.Fixes']")
            .FillAsync(Fixes);
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
        await member.Locator("#fixAnswer0").FillAsync(FixAnswers[0]);
        await member.Locator("#fix1").CheckAsync();
        await member.Locator("#fixAnswer1").FillAsync(FixAnswers[1]);
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
    [Fact]
    public async Task The_secretariat_sets_up_the_panel_and_the_running_order()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Accepted);
        await using var secretariat = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;

        await MoveStageAsync(page, run, ContestStage.Refining, "一对一优化");
        await app.SetContestAsync(run, c => c.RefineUntil = ChinaToday().AddDays(-1)); // the refinement period has ended

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

    // 5a. On his phone, judge 3 declares a conflict with proposal 3 (its sheet is then closed to him) and scores the other two.
    [Fact]
    public async Task A_judge_declares_a_conflict_on_a_phone_and_that_sheet_is_closed_to_him()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Roadshow);

        await using var judge3 = await SignedInAsync(Judge3, E2EFixture.Phone);
        var page = judge3.Page;
        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/conflicts");
        var card = page.GetByTestId("proposal-3");
        await card.Locator("summary").ClickAsync();
        await AssertAccessibleAsync(page, "conflict declaration", Viewports.Phone);
        await card.Locator("#reason-3").FillAsync(ConflictReason);
        await page.SubmitAsync(card.Locator("button[type=submit]"));
        await Expect(page.GetByTestId("proposal-3").GetByTestId("conflicted")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("proposal-1").GetByTestId("conflicted")).ToHaveCountAsync(0);

        await page.GotoAsync($"/{Tenant}/contests/{run.ContestId}/score");
        await Expect(page.GetByTestId("open-sheet-3")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("score-row-3").GetByTestId("sheet-state")).ToHaveAttributeAsync("data-state", "Conflicted");
        var refused = await page.GotoAsync($"/{Tenant}/proposals/{run.Proposals[3]}/sheet");
        Assert.Equal(403, refused?.Status);
        await ScoreAllAsync(page, Judge3, run);
    }

    // 5b. Judges 1 and 2 score every proposal on their phones (judge 1 saves a draft first); each submitted sheet locks.
    [Fact]
    public async Task Judge_scores_on_a_phone_and_the_sheet_locks()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Roadshow);

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
    [Fact]
    public async Task Residents_register_confirm_their_address_and_vote()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Roadshow);

        var votePath = $"/{Tenant}/contests/{run.ContestId}/vote";
        for (var r = 0; r < Ballots.Length; r++)
        {
            await using var context = await app.NewContextAsync(E2EFixture.Phone);
            var page = await context.NewPageAsync();
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            var email = $"e2e-resident-{Guid.NewGuid():N}@example.com";
            await page.RegisterAndSignInAsync(Tenant, votePath, r == 0 ? "张秀英" : "刘建国", email, "石坪桥居民投票-2026");
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
    [Fact]
    public async Task The_ranking_matches_the_scores_worked_out_by_hand()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.Scored);
        await using var secretariat = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        var page = secretariat.Page;

        await MoveStageAsync(page, run, ContestStage.ScoringClosed, "评分结束");

        // By hand: fewer than 5 judges, so the expert score is the plain mean of the totals of the judges without a conflict;
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
        // Judge 3's conflict: proposal 3 counts two judges' sheets, the others three.
        await Expect(page.GetByTestId("sheets-3").GetByTestId("judge-line")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("sheets-3").GetByTestId("excluded")).ToContainTextAsync("黄志强"); // judge3's conflict is shown
        await Expect(page.GetByTestId("sheets-1").GetByTestId("excluded")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("sheets-1").GetByTestId("judge-line")).ToHaveCountAsync(3);
        await page.Locator("#openAll").ClickAsync();
        await Expect(page.GetByTestId("sheets-1")).ToHaveAttributeAsync("open", "");
        await AssertAccessibleAsync(page, "results with every sheet open");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, "contest-results.png"), FullPage = true });
    }

    // 8. The secretariat proposes the awards (one cut, with its reason); a committee member confirms; the notice is published.
    [Fact]
    public async Task The_committee_confirms_the_awards_and_the_notice_is_published()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.ScoringClosed);
        await using var secretariatSession = await SignedInAsync(Secretariat, E2EFixture.Desktop);
        var secretariat = secretariatSession.Page;

        await secretariat.GotoAsync($"/{Tenant}/contests/{run.ContestId}/awards");
        var form = secretariat.GetByTestId("propose-form");
        var third = form.Locator("tbody tr").Filter(new LocatorFilterOptions { HasTextString = Title3 });
        await third.Locator("input[name$='.Amount']").FillAsync(CutAmount);
        await third.Locator("input[name$='.Reason']").FillAsync(Cut);
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
            await page.Locator("#confirm-note").FillAsync(ConfirmNote);
            await page.SubmitAsync(page.GetByTestId("confirm-form").Locator("button[type=submit]"));
            await Expect(page.GetByTestId("list-status")).ToHaveTextAsync("管委会已确认");
            await Expect(page.GetByTestId("confirmed-by")).ToBeVisibleAsync();
        }

        await MoveStageAsync(secretariat, run, ContestStage.PublicNotice, "公示");
    }

    // 9. Anyone reads the notice and files an objection without an account; the committee's answer is published with it.
    [Fact]
    public async Task An_objection_is_filed_anonymously_and_answered_in_public()
    {
        var run = await app.ContestAtAsync(ContestWorld.Point.PublicNotice);

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

    private static string Two(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static Guid IdIn(string url, string segment)
    {
        var match = Regex.Match(url, $"/{segment}/([0-9a-f-]{{36}})");
        Assert.True(match.Success, $"No {segment} id in {url}");
        return Guid.Parse(match.Groups[1].Value);
    }
}
