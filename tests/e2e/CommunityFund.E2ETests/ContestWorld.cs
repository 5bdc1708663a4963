using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Sheets;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;
using AwardConfirm = CommunityFund.Web.Features.Contests.Awards.ConfirmModel;
using AwardPropose = CommunityFund.Web.Features.Contests.Awards.ProposeModel;
using ConflictsPage = CommunityFund.Web.Features.Contests.Roadshow.Conflicts.IndexModel;
using ContestPage = CommunityFund.Web.Features.Contests.Setup.DetailModel;
using NewContest = CommunityFund.Web.Features.Contests.Setup.NewModel;
using NewProposal = CommunityFund.Web.Features.Contests.Proposals.NewModel;
using OrganisationPage = CommunityFund.Web.Features.Contests.Organisations.DetailModel;
using PanelPage = CommunityFund.Web.Features.Contests.Roadshow.Panel.IndexModel;
using ProposalEdit = CommunityFund.Web.Features.Contests.Proposals.EditModel;
using ProposalSubmit = CommunityFund.Web.Features.Contests.Proposals.SubmitModel;
using ProposalUpload = CommunityFund.Web.Features.Contests.Proposals.UploadModel;
using SchedulePage = CommunityFund.Web.Features.Contests.Roadshow.Schedule.IndexModel;
using ScreeningAccept = CommunityFund.Web.Features.Contests.Screening.AcceptModel;
using ScreeningReturn = CommunityFund.Web.Features.Contests.Screening.ReturnModel;
using SheetPage = CommunityFund.Web.Features.Contests.Sheets.ScoreSheetModel;
using VotePage = CommunityFund.Web.Features.Contests.Voting.VoteModel;

namespace CommunityFund.E2ETests;

/// <summary>
/// The proposal contest the contest steps walk through (社区公益提案大赛): who takes part, what they type and score, and
/// how far along a fresh copy of it is brought before a step starts. Each step gets its own contest, brought to the point
/// it starts from by the app's own commands (sent in-process through the whole pipeline, as the person who would click
/// the button), with the same values the earlier steps type in the browser.
/// </summary>
internal static class ContestWorld
{
    public const string Tenant = GrantsWorld.Tenant;
    public static readonly string Secretariat = DemoData.EmailOf(Tenant, TenantRole.Secretariat);
    public static readonly string Committee = DemoData.EmailOf(Tenant, TenantRole.Committee);
    public static readonly string OrgMember = DemoData.EmailOf(Tenant, TenantRole.OrgMember);
    public static readonly string Judge1 = DemoData.EmailOf(Tenant, TenantRole.Judge);
    public const string Judge2 = "judge2@shipingqiao.demo";
    public const string Judge3 = "judge3@shipingqiao.demo";
    public static readonly string[] Judges = [Judge1, Judge2, Judge3];

    /// <summary>The default rubric (需求性 25, 可行性 25, 预算合理性 20, 创新性 15, 可持续性 15), in form order.</summary>
    public static readonly string[] Criteria = ["need", "feasibility", "budget", "innovation", "sustainability"];

    public const int ExpertWeight = 80, ResidentWeight = 20;

    /// <summary>The contest's two themes, as the form's check boxes name them.</summary>
    public static readonly string[] Themes = ["特殊困难人群帮扶", "社区治理"];

    // The three proposals, by their contest number: 1 comes from a new organisation, 2 and 3 from two demo organisations.
    public const string Title1 = "邻里互助：楼栋议事与便民维修";
    public const string Title2 = "楼道微光：老旧楼栋照明共治";
    public const string Title3 = "银发助餐：长者食堂暖心送餐";
    public const string DemoOrganisation2 = "九龙坡区石坪桥阳光社会工作服务中心";
    public const string DemoOrganisation3 = "重庆市九龙坡区同心圆社工服务社";

    /// <summary>The one-time list screening returns proposal 1 with, and the organisation's answers (in the same order).</summary>
    public const string Fixes = "请补充楼栋议事会的组建计划和时间表。\n“活动物料包”数量偏多，请按实际户数核减。";
    public static readonly string[] FixAnswers = ["已补充：第一季度组建 6 个楼栋议事会，时间表见活动计划。", "已按 100 户核减为 100 份。"];

    public const string ConflictReason = "本人曾为该机构志愿者，申请回避。";
    public const string Cut = "送餐志愿者交通补贴按实际路线核减。";
    public const string CutAmount = "14000";
    public const string ConfirmNote = "经管委会会议审议通过。";

    /// <summary>What each judge enters, per proposal number, in <see cref="Criteria"/> order (half points included).</summary>
    public static readonly Dictionary<(string Judge, int Proposal), decimal[]> Scores = new()
    {
        [(Judge1, 1)] = [22m, 21.5m, 18m, 12m, 13m],
        [(Judge1, 2)] = [20m, 20m, 15m, 10m, 11m],
        [(Judge1, 3)] = [23m, 22m, 17m, 13.5m, 12m],
        [(Judge2, 1)] = [21m, 22m, 17m, 13m, 12.5m],
        [(Judge2, 2)] = [19m, 18.5m, 16m, 11m, 10m],
        [(Judge2, 3)] = [20m, 21m, 16m, 12m, 12m],
        [(Judge3, 1)] = [23m, 23m, 18.5m, 14m, 13m],
        [(Judge3, 2)] = [18m, 19m, 14m, 10m, 9.5m],
        // Judge 3 declares a conflict with proposal 3 (本人曾为该机构志愿者): no sheet.
    };

    /// <summary>Resident ballots (vote limit 2): the first names proposals 1 and 3, the second only 1.</summary>
    public static readonly int[][] Ballots = [[1, 3], [1]];

    /// <summary>One contest of the tenant, as far as it has been brought.</summary>
    public sealed class Run
    {
        public Guid ContestId;
        public string ContestTitle = "";
        public Guid OrganisationId;
        public string OrganisationName = "";
        public readonly Dictionary<int, Guid> Proposals = [];
    }

    /// <summary>How far a fresh contest is brought before a step starts; each point includes all before it.</summary>
    public enum Point
    {
        /// <summary>Created by the secretariat with the form's values and opened for proposals (征集).</summary>
        Collecting,
        /// <summary>A new organisation registered and verified; its proposal 1 (two budget lines, ¥19,260, a site photo) submitted; two demo organisations submitted 2 and 3.</summary>
        Submitted,
        /// <summary>Collection over, in screening (初审): proposal 1 returned once with the two-item list, fixed (100 kits, ¥17,550) and resubmitted; all three accepted.</summary>
        Accepted,
        /// <summary>Refinement (一对一优化) over; three judges on the panel; slots from 09:00, 15 minutes, 5-minute breaks; in the roadshow (路演评审).</summary>
        Roadshow,
        /// <summary>Judge 3 declared a conflict with proposal 3; every other sheet submitted with <see cref="Scores"/>; residents cast <see cref="Ballots"/>.</summary>
        Scored,
        /// <summary>Moved to scoring closed (评分结束).</summary>
        ScoringClosed,
        /// <summary>Awards proposed (proposal 3 cut to ¥14,000 with its reason), confirmed by the committee, notice published (公示).</summary>
        PublicNotice,
    }

    /// <summary>A new contest of its own, brought to <paramref name="point"/>.</summary>
    public static async Task<Run> ContestAtAsync(this E2EFixture app, Point point)
    {
        var run = new Run();
        await app.CreateAndOpenAsync(run);
        if (point == Point.Collecting) return run;
        await app.SubmitProposalsAsync(run);
        if (point == Point.Submitted) return run;
        await app.ScreenAsync(run);
        if (point == Point.Accepted) return run;
        await app.SetUpRoadshowAsync(run);
        if (point == Point.Roadshow) return run;
        await app.ScoreAndVoteAsync(run);
        if (point == Point.Scored) return run;
        await app.MoveAsync(run, ContestStage.ScoringClosed);
        if (point == Point.ScoringClosed) return run;
        await app.AwardAndPublishAsync(run);
        return run;
    }

    public static string NewContestTitle() => "2026 年石坪桥街道社区微更新提案大赛（E2E " + Guid.NewGuid().ToString("N")[..6] + "）";

    /// <summary>A new organisation's name and a valid credit code no organisation of the tenant has yet.</summary>
    public static Task<(string Name, string CreditCode)> NewOrganisationAsync(this E2EFixture app) =>
        app.InTenantAsync((_, db) => NewOrganisationAsync(db));

    private static async Task<(string Name, string CreditCode)> NewOrganisationAsync(AppDbContext db)
    {
        while (true)
        {
            var body = "QE2E" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
            var code = UnifiedSocialCreditCode.Create("52500107" + body + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body)).Value;
            if (!await db.Set<Organisation>().AnyAsync(o => o.CreditCode == code)) return ("石坪桥街道邻里互助服务中心（" + body + "）", code);
        }
    }

    /// <summary>Proposal 1's edit form as the organisation first fills it in: 120 kits at ¥85.50 and 30 days of social work at ¥300.</summary>
    public static ProposalEdit.Command Proposal1(Guid proposalId, int version, int kits = 120) => new()
    {
        ProposalId = proposalId, Version = version, Title = Title1, Category = "社区治理",
        Need = "横街老旧小区无物业，楼道灯、水管等小修小补长期无人负责，居民意见大。", Goals = "一年内培育 6 个楼栋议事会，完成 100 次便民维修。",
        BeneficiariesWho = "横街片区 6 栋老旧楼栋居民", BeneficiariesCount = "360", ActivityPlan = "1. 楼栋长培训\n2. 每月议事会\n3. 便民维修日",
        StartDate = Iso(ChinaToday().AddDays(40)), EndDate = Iso(ChinaToday().AddDays(400)), CoFunding = "2000",
        Lines =
        [
            new BudgetLineInput { Item = "活动物料包", Kind = "Materials", UnitPrice = "85.50", Quantity = kits.ToString(CultureInfo.InvariantCulture) },
            new BudgetLineInput { Item = "社工服务费", Kind = "Labour", UnitPrice = "300", Quantity = "30" },
        ],
    };

    // The arrangement sends, per person, every command that person would send next in one scope (AsUserAsync): fewer
    // round trips than one scope per command, the same pipeline for each command.

    // Collecting: the form's values, sent as the secretariat, then the move to 征集.
    private static Task CreateAndOpenAsync(this E2EFixture app, Run run) =>
        app.AsUserAsync(Secretariat, async (m, db) =>
        {
            var today = ChinaToday();
            run.ContestTitle = NewContestTitle();
            run.ContestId = await m.Send(new NewContest.Command
            {
                Title = run.ContestTitle, Description = "面向辖区社会组织征集楼栋治理与为老服务提案。", Categories = [.. Themes],
                TotalBudget = "60000", PerProjectCap = "30000", PayingFundId = await db.Set<Fund>().Where(f => f.Code == "GEN").Select(f => f.Id).SingleAsync(),
                CollectOpens = Iso(today.AddDays(-1)), CollectCloses = Iso(today.AddDays(10)), RefineUntil = Iso(today.AddDays(20)),
                RoadshowDate = Iso(today.AddDays(25)), ScoringCloses = Iso(today.AddDays(26)),
                ExpertWeight = ExpertWeight, ResidentWeight = ResidentWeight, ResidentVoteLimit = 2,
            });
            await m.Send(Move(run, ContestStage.Collecting));
        });

    // Submitted: the organisation signs up, is verified, writes proposal 1, attaches the photo and submits; 2 and 3 are written directly.
    private static async Task SubmitProposalsAsync(this E2EFixture app, Run run)
    {
        await app.AsUserAsync(OrgMember, async (m, db) =>
        {
            (run.OrganisationName, var creditCode) = await NewOrganisationAsync(db);
            run.OrganisationId = await m.Send(new RegisterModel.Command
            {
                Name = run.OrganisationName, CreditCode = creditCode, Category = "SocialService", ContactPerson = "陈晓燕", Phone = "138 0013 8000",
                Address = "重庆市九龙坡区石坪桥街道横街 18 号",
            });
        });
        await app.SendAsync(new OrganisationPage.Command { OrganisationId = run.OrganisationId, Verify = true }, Secretariat);
        await app.AsUserAsync(OrgMember, async (m, db) =>
        {
            var first = run.Proposals[1] = await m.Send(new NewProposal.Command { ContestId = run.ContestId, OrganisationId = run.OrganisationId, Title = Title1 });
            await m.Send(Proposal1(first, await VersionOfAsync(db, first)));
            await m.Send(new ProposalUpload.UploadCommand { ProposalId = first, FileName = "楼道现场照片.png", Content = TinyPng });
            await m.Send(new ProposalSubmit.SubmitCommand { ProposalId = first, Version = await VersionOfAsync(db, first) });
        });
        await app.TwoDemoOrganisationsHaveSubmittedTooAsync(run);
    }

    // Set-up: two demo organisations submitted proposals too (written like the unit tests' ContestWorld does).
    private static async Task TwoDemoOrganisationsHaveSubmittedTooAsync(this E2EFixture app, Run run)
    {
        var (ids, submitted) = await app.InTenantAsync(async (sp, db) =>
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
            await db.SaveChangesAsync();
            return ((second, third), await db.Set<Proposal>().CountAsync(p => p.ContestId == run.ContestId && p.Status == ProposalStatus.Submitted));

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
        Assert.Equal(3, submitted);
    }

    // Accepted: collection ends; screening returns 1 once; the organisation cuts the kits to 100 and answers both items; all three accepted.
    private static async Task ScreenAsync(this E2EFixture app, Run run)
    {
        var first = run.Proposals[1];
        await app.AsUserAsync(Secretariat, async (m, db) =>
        {
            await SetContestAsync(db, run, c => c.CollectCloses = ChinaToday().AddDays(-1)); // the collection period has ended
            await m.Send(Move(run, ContestStage.Screening));
            await m.Send(new ScreeningReturn.Return { ProposalId = first, Fixes = Fixes });
        });
        await app.AsUserAsync(OrgMember, async (m, db) =>
        {
            await m.Send(Proposal1(first, await VersionOfAsync(db, first), kits: 100));
            await m.Send(new ProposalSubmit.SubmitCommand
            {
                ProposalId = first, Version = await VersionOfAsync(db, first),
                Fixes = [.. FixAnswers.Select(a => new ProposalSubmit.FixAnswer { Done = true, Answer = a })],
            });
        });
        await app.AsUserAsync(Secretariat, async (m, _) =>
        {
            foreach (var number in new[] { 1, 2, 3 })
                await m.Send(new ScreeningAccept.Accept { ProposalId = run.Proposals[number] });
        });
    }

    // Roadshow: refinement over, the panel, the running order; the roadshow opens.
    private static async Task SetUpRoadshowAsync(this E2EFixture app, Run run)
    {
        var judges = await app.UserIdsAsync(Judges);
        await app.AsUserAsync(Secretariat, async (m, db) =>
        {
            await m.Send(Move(run, ContestStage.Refining));
            await SetContestAsync(db, run, c => c.RefineUntil = ChinaToday().AddDays(-1)); // the refinement period has ended
            foreach (var judge in judges)
                await m.Send(new PanelPage.AddJudge { ContestId = run.ContestId, UserId = judge });
            await m.Send(new SchedulePage.FillSchedule { ContestId = run.ContestId, Start = "09:00", SlotMinutes = "15", BreakMinutes = "5" });
            await m.Send(Move(run, ContestStage.Roadshow));
        });
    }

    // Scored: judge 3 declares a conflict with 3; every other sheet is submitted; two residents with confirmed addresses vote.
    private static async Task ScoreAndVoteAsync(this E2EFixture app, Run run)
    {
        foreach (var judge in Judges)
        {
            await app.AsUserAsync(judge, async (m, _) =>
            {
                if (judge == Judge3)
                    await m.Send(new ConflictsPage.DeclareConflict { ContestId = run.ContestId, ProposalId = run.Proposals[3], Reason = ConflictReason });
                foreach (var ((_, number), scores) in Scores.Where(s => s.Key.Judge == judge))
                {
                    await m.Send(new SheetPage.Command
                    {
                        ProposalId = run.Proposals[number], Submit = true, Version = 0, Comment = $"第 {number} 号提案：需求清楚，执行计划可行。",
                        Scores = [.. Criteria.Select((c, i) => new ScoreEntry { CriterionId = c, Value = Points(scores[i]) })],
                    });
                }
            });
        }
        var residents = await app.ConfirmedResidentsAsync(Ballots.Length);
        for (var r = 0; r < Ballots.Length; r++)
            await app.SendAsync(new VotePage.Cast { ContestId = run.ContestId, ProposalIds = [.. Ballots[r].Select(n => run.Proposals[n])] }, residents[r]);
    }

    // Public notice: the secretariat proposes the list with 3 cut; a committee member confirms it; the notice is published.
    private static async Task AwardAndPublishAsync(this E2EFixture app, Run run)
    {
        var list = await app.SendAsync(new AwardPropose.Propose
        {
            ContestId = run.ContestId, Cuts = [new AwardPropose.CutInput { ProposalId = run.Proposals[3], Amount = CutAmount, Reason = Cut }],
        }, Secretariat);
        await app.SendAsync(new AwardConfirm.Confirm { ContestId = run.ContestId, AwardListId = list, Note = ConfirmNote }, Committee);
        await app.MoveAsync(run, ContestStage.PublicNotice);
    }

    public static Task MoveAsync(this E2EFixture app, Run run, ContestStage to) => app.SendAsync(Move(run, to), Secretariat);

    private static ContestPage.MoveStage Move(Run run, ContestStage to) => new() { ContestId = run.ContestId, To = to };

    /// <summary>Changes the contest's row directly (e.g. a period that has ended).</summary>
    public static Task SetContestAsync(this E2EFixture app, Run run, Action<Contest> change) =>
        app.InTenantAsync(async (_, db) =>
        {
            await SetContestAsync(db, run, change);
            return 0;
        });

    private static async Task SetContestAsync(AppDbContext db, Run run, Action<Contest> change)
    {
        change(await db.Set<Contest>().SingleAsync(c => c.Id == run.ContestId));
        await db.SaveChangesAsync();
    }

    private static Task<int> VersionOfAsync(AppDbContext db, Guid proposal) =>
        db.Set<Proposal>().Where(p => p.Id == proposal).Select(p => p.Version).SingleAsync();

    private static Task<List<Guid>> UserIdsAsync(this E2EFixture app, IEnumerable<string> emails) =>
        app.InTenantAsync(async (sp, _) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var ids = new List<Guid>();
            foreach (var email in emails) ids.Add((await users.FindByEmailAsync(email))!.Id);
            return ids;
        });

    /// <summary>New resident accounts whose e-mail addresses are confirmed (each may vote once); their addresses.</summary>
    private static Task<List<string>> ConfirmedResidentsAsync(this E2EFixture app, int count) =>
        app.InTenantAsync(async (sp, _) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var emails = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var email = $"e2e-resident-{Guid.NewGuid():N}@example.com";
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "石坪桥居民", PreferredCulture = Cultures.Chinese };
                var created = await users.CreateAsync(user, DemoData.Password);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                emails.Add(email);
            }
            return emails;
        });

    public static int VotesOf(int number) => Ballots.Count(b => b.Contains(number));

    public static string TitleOf(int number) => number switch { 1 => Title1, 2 => Title2, 3 => Title3, _ => throw new ArgumentOutOfRangeException(nameof(number)) };

    public static DateOnly ChinaToday() => GrantsWorld.ChinaToday();

    public static string Iso(DateOnly date) => GrantsWorld.Iso(date);

    public static string Points(decimal points) => points.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
