using System.Globalization;
using System.Security.Claims;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Screening;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;
using CommunityFund.Web.Infrastructure.Web;
using ClaimAddLine = CommunityFund.Web.Features.Grants.Claims.AddLineModel;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;
using ClaimSettle = CommunityFund.Web.Features.Grants.Claims.SettleModel;
using ClaimSubmit = CommunityFund.Web.Features.Grants.Claims.SubmitModel;
using ConflictsModel = CommunityFund.Web.Features.Grants.Approvals.Conflicts.IndexModel;
using DecideModel = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel;
using HolidaysModel = CommunityFund.Web.Features.Grants.Settings.HolidaysModel;
using ProjectDetail = CommunityFund.Web.Features.Grants.Projects.DetailModel;
using ProjectNew = CommunityFund.Web.Features.Grants.Projects.NewModel;
using ReportDetail = CommunityFund.Web.Features.Grants.Reports.DetailModel;
using ReportNew = CommunityFund.Web.Features.Grants.Reports.NewModel;
using SettingsModel = CommunityFund.Web.Features.Grants.Settings.IndexModel;
using TransferCreate = CommunityFund.Web.Features.Ledger.Transfers.CreateModel;

namespace CommunityFund.Migrations;

/// <summary>
/// Shipingqiao's grants after the first contest round: the committee's rules (tiers, chair, time limits, the 2026/2027
/// public holidays), one recorded conflict of interest, a transfer from the enterprise donations into the general fund
/// that pays the contest, and one project per confirmed award of round 1 in every stage of its life — signed and paid,
/// mid-term report accepted and second tranche paid, claims written off, returned once or waiting for the committee,
/// a reimbursement-mode project with a paid claim, one closed with its evaluation score, one suspended — plus one grant
/// made outside the contest waiting for the committee. Every step is the command the page sends, sent by the person
/// who would do it (the secretariat prepares, two committee members who are not the preparer approve), on a simulated
/// clock that walks the year up to today, so every rule, ledger posting, balance and time limit is the real one. The
/// steps still open get their time limits (green, yellow and red) and the real sweep runs once.
/// </summary>
public static class DemoGrants
{
    /// <summary>The committee has three members: the demo's committee login chairs it, these two join it.</summary>
    public static readonly (string Email, string Name)[] ExtraCommittee =
    [
        ("committee2@shipingqiao.demo", "林志刚"), ("committee3@shipingqiao.demo", "杨秀珍"),
    ];

    /// <summary>One contact person (organisation member) per organisation with a project, in award rank order.</summary>
    private static readonly string[] MemberNames =
    [
        "张丽华", "王建军", "李红梅", "赵志强", "孙桂英", "周海燕", "吴俊", "郑晓东", "冯玉兰", "陈思远", "褚文静", "卫国平", "蒋春燕", "沈晓峰",
        "韩雪", "朱明", "秦丽", "许国庆", "何晓军", "吕小红",
    ];

    /// <summary>
    /// Demo holidays: 2026 following the State Council's arrangement as we understand it (元旦, 春节 9 days, 清明, 劳动节
    /// 5 days, 端午, 中秋, 国庆 7 days; a real fund enters its own from the published notice); 2027's arrangement is not
    /// published yet, so its statutory days and the customary National Day week are entered.
    /// </summary>
    public static readonly (DateOnly From, DateOnly To, string Name)[] Holidays =
    [
        (new(2026, 1, 1), new(2026, 1, 3), "元旦"),
        (new(2026, 2, 15), new(2026, 2, 23), "春节"),
        (new(2026, 4, 4), new(2026, 4, 6), "清明节"),
        (new(2026, 5, 1), new(2026, 5, 5), "劳动节"),
        (new(2026, 6, 19), new(2026, 6, 21), "端午节"),
        (new(2026, 9, 25), new(2026, 9, 27), "中秋节"),
        (new(2026, 10, 1), new(2026, 10, 7), "国庆节"),
        (new(2027, 1, 1), new(2027, 1, 1), "元旦"),
        (new(2027, 2, 5), new(2027, 2, 8), "春节"),
        (new(2027, 4, 5), new(2027, 4, 5), "清明节"),
        (new(2027, 5, 1), new(2027, 5, 2), "劳动节"),
        (new(2027, 6, 9), new(2027, 6, 9), "端午节"),
        (new(2027, 9, 15), new(2027, 9, 15), "中秋节"),
        (new(2027, 10, 1), new(2027, 10, 7), "国庆节"),
    ];

    /// <summary>The 2026 weekend days worked in exchange for the holidays (调休上班), as the demo enters them.</summary>
    public static readonly (DateOnly Day, string Name)[] WorkedWeekendDays =
    [
        (new(2026, 1, 4), "元旦调休上班"), (new(2026, 2, 14), "春节调休上班"), (new(2026, 2, 28), "春节调休上班"),
        (new(2026, 5, 9), "劳动节调休上班"), (new(2026, 9, 20), "国庆节调休上班"), (new(2026, 10, 10), "国庆节调休上班"),
    ];

    /// <summary>What each project of round 1 goes through, in award rank order (an award whose organisation still owes a document is suspended instead).</summary>
    private enum Story
    {
        Closed, MidtermWithSettledClaim, Midterm, MidtermWithReturnedClaim, ClaimAwaitingCommittee, MidtermAwaitingReview, ClaimAwaitingReview,
        SignedAndPaid, StartedAndPaid, Reimbursement, TrancheHalfApproved, TrancheApprovedUnpaid, ApprovedOnly, Suspended,
    }

    private static readonly Story[] Stories =
    [
        Story.Closed, Story.MidtermWithSettledClaim, Story.Midterm, Story.MidtermWithReturnedClaim, Story.ClaimAwaitingCommittee,
        Story.MidtermAwaitingReview, Story.ClaimAwaitingReview, Story.SignedAndPaid, Story.StartedAndPaid, Story.Reimbursement,
        Story.TrancheHalfApproved, Story.TrancheApprovedUnpaid,
    ];

    /// <summary>The general fund receives this much from the enterprise donations to pay the contest's projects.</summary>
    public const decimal ContestAllocation = 150_000m;

    /// <summary>
    /// Loads the grants demo once (nothing happens when the tenant already has projects) and returns the logins of the
    /// organisations' contact people, with their organisation, for the list run.sh prints.
    /// </summary>
    public static async Task<IReadOnlyList<(string Email, string Organisation)>> SeedAsync(string connectionString, TenantInfo tenant, AppUser secretary,
        IReadOnlyList<AppUser> committee, AppUser orgMember, string? filesRoot, TextWriter log, CancellationToken ct = default)
    {
        var clock = new DemoClock();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:Default"] = connectionString;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:Json"] = "false";
        builder.Configuration["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "communityfund-seed-mail");
        if (filesRoot is not null) builder.Configuration["Files:Root"] = filesRoot;
        builder.AddCommunityFund();
        CommunityFund.Web.Features.FeaturesServiceCollectionExtensions.AddFeatures(builder.Services);
        // The simulated clock replaces the system one: every timestamp, "today" and time limit follows the story.
        builder.Services.AddSingleton<TimeProvider>(clock);
        await using var app = builder.Build();
        var seed = new Seeder(app.Services, tenant, clock, ct);

        if (await seed.ReadAsync(db => db.Set<Project>().AnyAsync(ct)))
        {
            log.WriteLine($"  {tenant.Identifier}: projects already exist, grants demo data left as it is");
            return await seed.MemberLoginsAsync(orgMember.Id);
        }
        await seed.RunAsync(secretary, committee, orgMember);
        log.WriteLine($"  {tenant.Identifier}: grants demo data loaded ({await seed.SummaryAsync()})");
        return await seed.MemberLoginsAsync(orgMember.Id);
    }

    /// <summary>A clock that reads the simulated moment while the story runs, and the real time otherwise.</summary>
    private sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset? Now { get; set; }
        public override DateTimeOffset GetUtcNow() => Now ?? TimeProvider.System.GetUtcNow();
    }

    /// <summary>One project's part of the story, filled in as its steps run.</summary>
    private sealed class ProjectState
    {
        public required Story Story { get; init; }
        public required Guid AwardItemId { get; init; }
        public required Guid OrganisationId { get; init; }
        public required AppUser Member { get; init; }
        public required DateOnly Start { get; init; }
        public required DateOnly End { get; init; }
        public string? CutReason { get; init; }
        public Guid Id { get; set; }
        public int Number { get; set; }
        public int Claims { get; set; }
        /// <summary>The claim this project's latest steps are about.</summary>
        public Guid LastClaim { get; set; }
        /// <summary>The day of the latest step scheduled so far.</summary>
        public DateOnly LastDay { get; set; }
        /// <summary>A tranche the fund could not cover stays unpaid, and the rest of this project's story waits.</summary>
        public bool Stalled { get; set; }
    }

    private sealed class Seeder(IServiceProvider services, TenantInfo tenant, DemoClock clock, CancellationToken ct)
    {
        private readonly List<(DateOnly Day, int Order, ProjectState? Project, Func<Task> Act)> _events = [];
        private readonly Dictionary<Guid, HashSet<Guid>> _conflicts = [];
        private IReadOnlyList<AppUser> _committee = [];
        private AppUser _secretary = null!;
        private WorkingCalendar _calendar = WorkingCalendar.WeekendsOnly;
        private DateOnly _today;
        private DateOnly _floor;
        private int _rotation;

        public async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> read)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }

        /// <summary>The request goes through the whole pipeline (authorisation, validation, one transaction, audit) as <paramref name="user"/>.</summary>
        private async Task<T> SendAsync<T>(AppUser user, IRequest<T> request)
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<ITenantContext>().Set(tenant);
            var http = new DefaultHttpContext { RequestServices = sp };
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Email, user.Email!), new Claim(ClaimTypes.Name, user.Email!)], "seed"));
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
            return await sp.GetRequiredService<IMediator>().Send(request, ct);
        }

        public async Task RunAsync(AppUser secretary, IReadOnlyList<AppUser> committee, AppUser orgMember)
        {
            _secretary = secretary;
            _committee = committee;
            _today = TimeProvider.System.Today();
            _calendar = new WorkingCalendar(Holidays.SelectMany(h => Days(h.From, h.To)), WorkedWeekendDays.Select(w => w.Day));

            var funds = await ReadAsync(db => db.Set<Fund>().ToDictionaryAsync(f => f.Code, f => f.Id, ct));
            var round1 = await ReadAsync(db => db.Set<Contest>().Where(c => c.Stage == ContestStage.Final).OrderBy(c => c.CollectOpens).FirstAsync(ct));
            var awards = await ReadAsync(db => (
                from i in db.Set<AwardItem>()
                join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                join p in db.Set<Proposal>() on i.ProposalId equals p.Id
                where l.ContestId == round1.Id && l.Status == AwardListStatus.Confirmed && i.Amount > 0
                orderby i.Rank
                select new { i.Id, p.OrganisationId, i.CutReason, l.ConfirmedAt }).ToListAsync(ct));
            // An organisation that still owes a document it promised at screening is paid nothing until it supplies it.
            var owing = await ReadAsync(db => db.Set<MissingDocumentCommitment>().Where(c => c.SuppliedAt == null).Select(c => c.OrganisationId).Distinct().ToListAsync(ct));
            var ownOrganisation = await ReadAsync(db => db.Set<OrganisationMember>().Where(m => m.UserId == orgMember.Id).Select(m => m.OrganisationId).FirstAsync(ct));
            _floor = DateOnly.FromDateTime((awards.Select(a => a.ConfirmedAt).Max() ?? DateTimeOffset.UtcNow).ToOffset(Formats.ChinaOffset).DateTime).AddDays(1);

            var members = await MembersAsync(awards.Select(a => a.OrganisationId).Distinct().ToList());

            // The committee's rules, the holidays, one declared conflict and the money for the contest's projects.
            At(null, D(432), () => SendAsync(secretary, new SettingsModel.Save
            {
                Tiers = ApprovalPolicy.Default.Tiers.Select(t => new TierInput
                {
                    UpTo = t.UpTo is { } upTo ? upTo.ToString("0.00", CultureInfo.InvariantCulture) : "", Approvals = t.Approvals, ChairRequired = t.ChairRequired,
                }).ToList(),
                ChairId = committee[0].Id, ScreeningDays = 5, ClaimReviewDays = 5, ApprovalDays = 3, PaymentDays = 3, ReportReviewDays = 10, Version = 0,
            }));
            foreach (var (from, to, name) in Holidays)
                foreach (var day in Days(from, to))
                    At(null, D(432), () => SendAsync(secretary, new HolidaysModel.AddHoliday { Date = Text(day), Name = name }));
            foreach (var (day, name) in WorkedWeekendDays)
                At(null, D(432), () => SendAsync(secretary, new HolidaysModel.AddHoliday { Date = Text(day), Name = name, IsWorkingDay = true }));

            var projects = new List<ProjectState>();
            var stories = 0;
            foreach (var a in awards)
            {
                var story = owing.Contains(a.OrganisationId) ? Story.Suspended : stories < Stories.Length ? Stories[stories++] : Story.ApprovedOnly;
                var (start, end) = Period(story);
                projects.Add(new ProjectState
                {
                    Story = story, AwardItemId = a.Id, OrganisationId = a.OrganisationId, Member = members[a.OrganisationId], Start = start, End = end,
                    CutReason = a.CutReason,
                });
            }
            // The third committee member serves as a supervisor at the organisation whose first tranche waits for approval.
            var conflicted = projects.FirstOrDefault(p => p.Story == Story.TrancheHalfApproved) ?? projects[^1];
            At(null, D(431), async () =>
            {
                await SendAsync(secretary, new ConflictsModel.Record
                {
                    MemberId = committee[^1].Id, OrganisationId = conflicted.OrganisationId, Reason = "本人在该机构担任兼职督导，按规定回避该机构资金的审批。",
                });
                _conflicts.TryAdd(conflicted.OrganisationId, []);
                _conflicts[conflicted.OrganisationId].Add(committee[^1].Id);
            });
            Guid transfer = default;
            At(null, D(430), async () => transfer = await SendAsync(secretary, new TransferCreate.Command
            {
                IdempotencyKey = InputRules.NewIdempotencyKey(), FromFundId = funds["QYJZ"].ToString(), ToFundId = funds["GEN"].ToString(),
                Amount = Money(ContestAllocation), Date = Text(Today), Reason = "划拨第一届社区公益提案大赛获奖项目资助资金（商会爱心企业捐赠）",
            }));
            // The transfer is a money request like any other: the committee approves it by the tenant's tiers.
            At(null, D(429), async () => await ApproveAsync(
                await ReadAsync(db => db.Set<ApprovalRequest>().Where(r => r.Kind == ApprovalKind.FundTransfer && r.SubjectId == transfer).Select(r => r.Id).SingleAsync(ct)),
                Guid.Empty, int.MaxValue, "经管委会审议，同意划拨。"));

            foreach (var p in projects)
            {
                At(p, D(426), async () =>
                {
                    p.Id = await SendAsync(secretary, new FromAwardModel.Command
                    {
                        AwardItemId = p.AwardItemId, Mode = (p.Story == Story.Reimbursement ? FundingMode.Reimbursement : FundingMode.Advance).ToString(),
                        StartDate = Text(p.Start), EndDate = Text(p.End),
                    });
                    p.Number = await ReadAsync(db => db.Set<Project>().Where(x => x.Id == p.Id).Select(x => x.Number).SingleAsync(ct));
                });
                // A cut award: the secretariat fits the budget lines to the awarded amount when setting the project up.
                if (p.CutReason is not null) At(p, D(425), () => FitBudgetAsync(p));
                Script(p);
            }

            // A grant outside the contest, from the 幸福家园 money, prepared today and waiting for the committee.
            At(null, A(0), () => SendAsync(secretary, new ProjectNew.Command
            {
                OrganisationId = ownOrganisation.ToString(), Title = "老旧小区公共空间微改造（幸福家园共建）", Amount = "45000.00", FundId = funds["XFJY"].ToString(),
                Mode = nameof(FundingMode.Advance), StartDate = Text(_today.AddDays(20)), EndDate = Text(_today.AddDays(300)),
                Lines =
                [
                    new() { Item = "休闲座椅与晾晒架制作安装", Kind = nameof(BudgetKind.Materials), Amount = "26000.00" },
                    new() { Item = "居民议事与共建工作坊（社工劳务）", Kind = nameof(BudgetKind.Labour), Amount = "12000.00" },
                    new() { Item = "绿植与花箱", Kind = nameof(BudgetKind.Materials), Amount = "4500.00" },
                    new() { Item = "公示牌与宣传折页", Kind = nameof(BudgetKind.Publicity), Amount = "2500.00" },
                ],
            }));

            var order = 0;
            DateOnly? last = null;
            foreach (var e in _events.OrderBy(e => e.Day).ThenBy(e => e.Order))
            {
                if (e.Project is { Stalled: true }) continue;
                order = e.Day == last ? order + 1 : 0;
                last = e.Day;
                var at = new DateTimeOffset(e.Day.ToDateTime(new TimeOnly(9, 0)), Formats.ChinaOffset).AddMinutes(7 * order);
                var real = TimeProvider.System.GetUtcNow();
                clock.Now = at > real ? real : at;
                await e.Act();
            }
            clock.Now = null;

            await TimeLimitsAsync();
            await TimeLimitSweep.RunAsync(services, ct);
        }

        private DateOnly Today => clock.Today();

        /// <summary>The project period each story needs, around today.</summary>
        private (DateOnly Start, DateOnly End) Period(Story story) => story switch
        {
            Story.Closed => (_today.AddDays(-400), _today.AddDays(-45)),
            Story.MidtermWithSettledClaim or Story.Midterm or Story.MidtermWithReturnedClaim => (_today.AddDays(-220), _today.AddDays(145)),
            Story.Reimbursement => (_today.AddDays(-180), _today.AddDays(180)),
            Story.TrancheHalfApproved or Story.TrancheApprovedUnpaid or Story.ApprovedOnly => (_today.AddDays(-40), _today.AddDays(320)),
            _ => (_today.AddDays(-150), _today.AddDays(210)),
        };

        /// <summary>Schedules one project's steps, days before today (D) or working days before today (A).</summary>
        private void Script(ProjectState p)
        {
            switch (p.Story)
            {
                case Story.Closed:
                    SignAndPayFirst(p, 398);
                    At(p, D(393), () => MoveAsync(p, ProjectAction.Start));
                    MidtermAndSecond(p, 250);
                    ClaimThrough(p, D(200), 0.60m, settle: true);
                    At(p, D(62), () => ReportAsync(p, ReportKind.Final));
                    At(p, D(57), () => AcceptReportAsync(p, ReportKind.Final, "92.5"));
                    At(p, D(56), () => RequestTrancheAsync(p, 3));
                    At(p, D(55), () => ApproveTrancheAsync(p, 3));
                    At(p, D(53), () => PayAsync(p, 3));
                    ClaimThrough(p, D(50), 1m, settle: true);
                    At(p, D(44), () => MoveAsync(p, ProjectAction.Close));
                    break;
                case Story.MidtermWithSettledClaim or Story.Midterm or Story.MidtermWithReturnedClaim:
                    SignAndPayFirst(p, 218);
                    At(p, D(213), () => MoveAsync(p, ProjectAction.Start));
                    MidtermAndSecond(p, 105);
                    if (p.Story == Story.MidtermWithSettledClaim) ClaimThrough(p, D(80), 0.35m, settle: true);
                    if (p.Story == Story.MidtermWithReturnedClaim)
                    {
                        At(p, D(32), () => FileClaimAsync(p, 0.25m));
                        At(p, D(29), () => SendAsync(_secretary, new ClaimReview.Review
                        {
                            ClaimId = p.LastClaim, Action = ClaimReview.ReviewAction.Return,
                            Fixes = "第 2 张发票的购买方名称与机构全称不一致，请换开后重新上传。\n劳务费请附活动签到表和劳务人员签收单。\n物资采购请补充出入库登记表。",
                        }));
                    }
                    break;
                case Story.ClaimAwaitingCommittee:
                    SignAndPayFirst(p, 148);
                    At(p, D(140), () => MoveAsync(p, ProjectAction.Start));
                    At(p, D(10), () => FileClaimAsync(p, 0.30m));
                    At(p, A(1), () => ReviewClaimAsync(p));
                    break;
                case Story.MidtermAwaitingReview:
                    SignAndPayFirst(p, 148);
                    At(p, D(140), () => MoveAsync(p, ProjectAction.Start));
                    At(p, A(12), () => ReportAsync(p, ReportKind.Midterm));
                    break;
                case Story.ClaimAwaitingReview:
                    SignAndPayFirst(p, 148);
                    At(p, A(4), () => FileClaimAsync(p, 0.20m));
                    break;
                case Story.SignedAndPaid:
                    SignAndPayFirst(p, 148);
                    break;
                case Story.StartedAndPaid:
                    SignAndPayFirst(p, 148);
                    At(p, D(140), () => MoveAsync(p, ProjectAction.Start));
                    break;
                case Story.Reimbursement:
                    At(p, D(178), () => MoveAsync(p, ProjectAction.SignAgreement));
                    At(p, D(176), () => MoveAsync(p, ProjectAction.Start));
                    ClaimThrough(p, D(60), 0.40m, settle: true);
                    break;
                case Story.TrancheHalfApproved:
                    At(p, D(35), () => MoveAsync(p, ProjectAction.SignAgreement));
                    At(p, A(3), () => RequestTrancheAsync(p, 1));
                    At(p, A(2), () => ApproveTrancheAsync(p, 1, votes: 1));
                    break;
                case Story.TrancheApprovedUnpaid:
                    At(p, D(40), () => MoveAsync(p, ProjectAction.SignAgreement));
                    At(p, A(9), () => RequestTrancheAsync(p, 1));
                    At(p, A(8), () => ApproveTrancheAsync(p, 1));
                    break;
                case Story.Suspended:
                    At(p, D(148), () => MoveAsync(p, ProjectAction.SignAgreement));
                    At(p, D(60), () => MoveAsync(p, ProjectAction.Suspend, "机构负责人变更，项目执行团队待重新确认，经街道社区基金管委会同意暂停执行。"));
                    break;
            }
        }

        /// <summary>Signs the agreement, requests the first tranche, has the committee approve it and pays it.</summary>
        private void SignAndPayFirst(ProjectState p, int daysAgo)
        {
            At(p, D(daysAgo), () => MoveAsync(p, ProjectAction.SignAgreement));
            At(p, D(daysAgo - 1), () => RequestTrancheAsync(p, 1));
            At(p, D(daysAgo - 2), () => ApproveTrancheAsync(p, 1));
            At(p, D(daysAgo - 4), () => PayAsync(p, 1));
        }

        /// <summary>The organisation reports at mid-term, the secretariat accepts, the second tranche is approved and paid.</summary>
        private void MidtermAndSecond(ProjectState p, int daysAgo)
        {
            At(p, D(daysAgo), () => ReportAsync(p, ReportKind.Midterm));
            At(p, D(daysAgo - 5), () => AcceptReportAsync(p, ReportKind.Midterm, ""));
            At(p, D(daysAgo - 6), () => RequestTrancheAsync(p, 2));
            At(p, D(daysAgo - 7), () => ApproveTrancheAsync(p, 2));
            At(p, D(daysAgo - 9), () => PayAsync(p, 2));
        }

        /// <summary>A claim filed on <paramref name="day"/>, reviewed, approved by the committee and (optionally) settled over the next days.</summary>
        private void ClaimThrough(ProjectState p, DateOnly day, decimal share, bool settle)
        {
            At(p, day, () => FileClaimAsync(p, share));
            At(p, Later(day, 3), () => ReviewClaimAsync(p));
            At(p, Later(day, 4), () => ApproveClaimAsync(p));
            if (settle) At(p, Later(day, 5), () => SettleClaimAsync(p));
        }

        private Task MoveAsync(ProjectState p, ProjectAction action, string reason = "") =>
            SendAsync(_secretary, new ProjectDetail.Transition { ProjectId = p.Id, Action = action, Reason = reason });

        /// <summary>The award was cut: the line the cut names (or the largest) is reduced with the published reason, so the lines fit the grant.</summary>
        private async Task FitBudgetAsync(ProjectState p)
        {
            var (approved, lines) = await ReadAsync(async db => (
                await db.Set<Project>().Where(x => x.Id == p.Id).Select(x => x.ApprovedAmount).SingleAsync(ct),
                await db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(ct)));
            var over = lines.Sum(l => l.Approved) - approved;
            if (over <= 0) return;
            var kind = p.CutReason!.Contains("场地", StringComparison.Ordinal) ? BudgetKind.Venue
                : p.CutReason.Contains("印刷", StringComparison.Ordinal) || p.CutReason.Contains("宣传", StringComparison.Ordinal) ? BudgetKind.Publicity
                : BudgetKind.Other;
            var target = lines.FirstOrDefault(l => l.Kind == kind && l.Approved > over) ?? lines.OrderByDescending(l => l.Approved).First();
            await SendAsync(_secretary, new BudgetModel.AdjustBudget
            {
                ProjectId = p.Id,
                Lines = [new BudgetModel.LineEdit { LineId = target.Id, Item = target.Item, Kind = target.Kind.ToString(), Approved = Money(target.Approved - over), Reason = p.CutReason }],
            });
        }

        private Task<Tranche> TrancheAsync(ProjectState p, int sequence) =>
            ReadAsync(db => db.Set<Tranche>().AsNoTracking().SingleAsync(x => x.ProjectId == p.Id && x.Sequence == sequence, ct));

        private async Task RequestTrancheAsync(ProjectState p, int sequence) =>
            await SendAsync(_secretary, new ProjectDetail.RequestTranche { ProjectId = p.Id, TrancheId = (await TrancheAsync(p, sequence)).Id });

        private async Task ApproveTrancheAsync(ProjectState p, int sequence, int votes = int.MaxValue) =>
            await ApproveAsync((await TrancheAsync(p, sequence)).ApprovalRequestId!.Value, p.OrganisationId, votes, "同意拨付。");

        /// <summary>
        /// Committee members vote in turn until the request is decided (or <paramref name="votes"/> have voted): never
        /// the preparer, never a member with a recorded conflict with the organisation.
        /// </summary>
        private async Task ApproveAsync(Guid request, Guid organisation, int votes, string comment)
        {
            var eligible = _committee.Where(c => c.Id != _secretary.Id && !(_conflicts.TryGetValue(organisation, out var c2) && c2.Contains(c.Id))).ToList();
            var first = _rotation++;
            for (var i = 0; i < Math.Min(votes, eligible.Count); i++)
            {
                var status = await SendAsync(eligible[(first + i) % eligible.Count], new DecideModel.Decide { RequestId = request, Approve = true, Comment = i == 0 ? comment : "同意。" });
                if (status != ApprovalStatus.Pending) return;
            }
        }

        /// <summary>Pays a tranche when the fund's bank deposits cover it; otherwise it waits, and so does the rest of this project's story.</summary>
        private async Task PayAsync(ProjectState p, int sequence)
        {
            var tranche = await TrancheAsync(p, sequence);
            var bank = await ReadAsync(async db =>
            {
                var fund = await db.Set<Project>().Where(x => x.Id == p.Id).Select(x => x.PayingFundId).SingleAsync(ct);
                return await (from b in db.Set<FundAccountBalance>()
                              join a in db.Set<LedgerAccount>() on b.AccountId equals a.Id
                              where b.FundId == fund && a.SystemKey == ChartOfAccounts.Bank
                              select (decimal?)(b.DebitTotal - b.CreditTotal)).SingleOrDefaultAsync(ct) ?? 0;
            });
            if (bank < tranche.Amount)
            {
                p.Stalled = true;
                return;
            }
            var today = Today;
            await SendAsync(_secretary, new PayModel.PayTranche
            {
                IdempotencyKey = InputRules.NewIdempotencyKey(), ProjectId = p.Id, TrancheId = tranche.Id, PaidOn = Text(today),
                BankReference = $"ICBC-{today:yyyyMMdd}-{p.Number:D3}{sequence}",
            });
        }

        private async Task ReportAsync(ProjectState p, ReportKind kind)
        {
            var random = new Random(p.Number * 10 + (int)kind);
            var reached = (kind == ReportKind.Midterm ? 30 : 70) + random.Next(0, 30);
            var held = (kind == ReportKind.Midterm ? 8 : 20) + random.Next(0, 8);
            var outputs = kind == ReportKind.Midterm
                ? $"项目按计划推进：已完成需求调研和服务对象招募，开展活动 {held} 场，服务居民 {reached} 人次；组建了 12 人的居民志愿者骨干队伍。下一阶段将按计划开展剩余活动并筹备成果展示。"
                : $"项目全部完成：累计开展活动 {held} 场，服务居民 {reached} 人，满意度调查 96% 表示满意；培育居民自组织 1 支，形成服务手册 1 册，项目结束后由志愿者队伍继续开展常态化服务。";
            await SendAsync(p.Member, new ReportNew.SubmitReport
            {
                ProjectId = p.Id, Kind = kind, Outputs = outputs, BeneficiariesReached = reached.ToString(CultureInfo.InvariantCulture),
                ActivitiesHeld = held.ToString(CultureInfo.InvariantCulture),
            });
        }

        private async Task AcceptReportAsync(ProjectState p, ReportKind kind, string score)
        {
            var report = await ReadAsync(db => db.Set<ProjectReport>().Where(r => r.ProjectId == p.Id && r.Kind == kind && r.Status == ReportStatus.Submitted)
                .Select(r => r.Id).SingleAsync(ct));
            await SendAsync(_secretary, new ReportDetail.Review { ReportId = report, Decision = ReportDetail.ReviewDecision.Accept, Score = score });
        }

        /// <summary>
        /// The organisation's contact person files a claim for <paramref name="share"/> of the grant (what the budget lines
        /// still hold, invoice by invoice, a receipt each) and submits it. A share of 1 claims everything left.
        /// </summary>
        private async Task FileClaimAsync(ProjectState p, decimal share)
        {
            var (approved, lines, usage) = await ReadAsync(async db => (
                await db.Set<Project>().Where(x => x.Id == p.Id).Select(x => x.ApprovedAmount).SingleAsync(ct),
                await db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == p.Id).OrderBy(l => l.Position).ToListAsync(ct),
                await ClaimRules.UsageAsync(db, p.Id, null, ct)));
            var left = lines.Sum(l => l.Approved - usage.GetValueOrDefault(l.Id).Spent - usage.GetValueOrDefault(l.Id).Pending);
            var target = share >= 1m ? left : Math.Min(left, Math.Round(approved * share, 2));
            var random = new Random(p.Number * 100 + p.Claims);
            var claimNo = ++p.Claims;
            var today = Today;
            Guid? claim = null;
            var n = 0;
            foreach (var line in lines)
            {
                var room = line.Approved - usage.GetValueOrDefault(line.Id).Spent - usage.GetValueOrDefault(line.Id).Pending;
                while (room > 0 && target > 0)
                {
                    var chunk = Math.Min(Math.Min(room, target), 1800m + random.Next(0, 2400) + random.Next(0, 100) / 100m);
                    var date = today.AddDays(-3 - 2 * n);
                    if (date < p.Start) date = p.Start;
                    if (date > p.End) date = p.End;
                    var invoice = $"25502000000{p.Number:D3}{claimNo:D3}{++n:D3}";
                    var (payee, what) = Expense(line.Kind, line.Item);
                    claim = await SendAsync(p.Member, new ClaimAddLine.AddLine
                    {
                        ProjectId = p.Id, ClaimId = claim, BudgetLineId = line.Id, Date = Text(date), Payee = payee, Description = what, Amount = Money(chunk),
                        InvoiceNumber = invoice, ReceiptFileName = $"电子发票{invoice[^6..]}.pdf", ReceiptContent = ReceiptPdf(invoice, chunk, date),
                    });
                    room -= chunk;
                    target -= chunk;
                }
            }
            p.LastClaim = claim ?? throw new InvalidOperationException($"Project {p.Number} has no budget left to claim.");
            await SendAsync(p.Member, new ClaimSubmit.Submit { ClaimId = p.LastClaim });
        }

        private Task ReviewClaimAsync(ProjectState p) =>
            SendAsync(_secretary, new ClaimReview.Review { ClaimId = p.LastClaim, Action = ClaimReview.ReviewAction.Approve });

        private async Task ApproveClaimAsync(ProjectState p)
        {
            var request = await ReadAsync(db => db.Set<ExpenseClaim>().Where(c => c.Id == p.LastClaim).Select(c => c.ApprovalRequestId!.Value).SingleAsync(ct));
            await ApproveAsync(request, p.OrganisationId, int.MaxValue, "票据齐全，支出与预算相符，同意。");
        }

        private Task SettleClaimAsync(ProjectState p) =>
            SendAsync(_secretary, new ClaimSettle.Settle { ClaimId = p.LastClaim, IdempotencyKey = InputRules.NewIdempotencyKey(), SettledOn = Text(Today) });

        private static (string Payee, string What) Expense(BudgetKind kind, string item) => kind switch
        {
            BudgetKind.Labour => ("九龙坡区社工人才服务站", $"{item}（按签到表结算）"),
            BudgetKind.Materials => ("重庆万家乐超市有限公司", $"{item}采购"),
            BudgetKind.Publicity => ("重庆谢家湾印务有限公司", $"{item}"),
            BudgetKind.Transport => ("中国人寿财产保险重庆九龙坡支公司", "志愿者意外险及交通补贴"),
            BudgetKind.Venue => ("重庆巴蜀印象文化有限公司", $"{item}"),
            _ => ("重庆杨家坪百货有限公司", item),
        };

        /// <summary>
        /// After the story: every step still waiting is under its time limit from the day it began (the features that
        /// already open their own steps keep theirs; the rest are opened here with the day the simulated clock gave them).
        /// </summary>
        private async Task TimeLimitsAsync()
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var settings = await GrantSettingsStore.LoadAsync(db, ct);
            var open = await db.Set<PendingStep>().Where(s => s.ClosedAt == null).ToListAsync(ct);

            void Ensure(TimedStep step, Guid subject, IEnumerable<Guid> alsoKnownAs, string title, string link, TenantRole role, DateTimeOffset since)
            {
                var ids = alsoKnownAs.Append(subject).ToHashSet();
                if (open.Any(s => s.Step == step && ids.Contains(s.SubjectId))) return;
                open.Add(PendingSteps.Open(db, step, subject, title, link, role, null, DateOnly.FromDateTime(since.ToOffset(Formats.ChinaOffset).DateTime), settings));
            }

            foreach (var r in await db.Set<ApprovalRequest>().Where(r => r.Status == ApprovalStatus.Pending).ToListAsync(ct))
                Ensure(TimedStep.Approval, r.Id, [r.SubjectId], "审批：" + r.Summary, $"/approvals/{r.Id}", TenantRole.Committee, r.PreparedAt);
            var approved = await (from x in db.Set<Tranche>()
                                  join p in db.Set<Project>() on x.ProjectId equals p.Id
                                  join r in db.Set<ApprovalRequest>() on x.ApprovalRequestId equals r.Id
                                  where x.Status == TrancheStatus.Approved
                                  select new { x.Id, x.Sequence, x.ApprovalRequestId, ProjectId = p.Id, p.Number, p.Title, r.DecidedAt }).ToListAsync(ct);
            foreach (var x in approved)
                Ensure(TimedStep.Payment, x.Id, [x.ApprovalRequestId!.Value], $"拨付：项目 {x.Number}「{x.Title}」第 {x.Sequence} 笔资金",
                    $"/projects/{x.ProjectId}/tranches/{x.Id}/pay", TenantRole.Secretariat, x.DecidedAt!.Value);
            var claims = await (from c in db.Set<ExpenseClaim>()
                                join p in db.Set<Project>() on c.ProjectId equals p.Id
                                where c.Status == ClaimStatus.Submitted
                                select new { c.Id, c.Number, p.Title, c.SubmittedAt }).ToListAsync(ct);
            foreach (var c in claims)
                Ensure(TimedStep.ClaimReview, c.Id, [], $"报销审核：第 {c.Number} 号报销单（{c.Title}）", $"/claims/{c.Id}", TenantRole.Secretariat, c.SubmittedAt!.Value);
            var reports = await (from r in db.Set<ProjectReport>()
                                 join p in db.Set<Project>() on r.ProjectId equals p.Id
                                 where r.Status == ReportStatus.Submitted
                                 select new { r.Id, r.Kind, p.Number, p.Title, r.SubmittedAt }).ToListAsync(ct);
            foreach (var r in reports)
                Ensure(TimedStep.ReportReview, r.Id, [], $"{(r.Kind == ReportKind.Midterm ? "中期" : "结项")}报告审核：项目 {r.Number}「{r.Title}」",
                    $"/reports/{r.Id}", TenantRole.Secretariat, r.SubmittedAt);
            await db.SaveChangesAsync(ct);
        }

        /// <summary>
        /// A contact person for every organisation with a project (an organisation that already has a member keeps
        /// them), with the OrgMember role: they file claims and submit reports.
        /// </summary>
        private async Task<Dictionary<Guid, AppUser>> MembersAsync(List<Guid> organisations)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var result = new Dictionary<Guid, AppUser>();
            var k = 1;
            foreach (var org in organisations)
            {
                var existing = await db.Set<OrganisationMember>().Where(m => m.OrganisationId == org).OrderBy(m => m.JoinedAt).Select(m => (Guid?)m.UserId).FirstOrDefaultAsync(ct);
                if (existing is { } id)
                {
                    result[org] = (await users.FindByIdAsync(id.ToString()))!;
                    continue;
                }
                var email = $"orgmember{++k}@{tenant.Identifier}.demo";
                var user = await DemoData.EnsureUserAsync(users, email, MemberNames[(k - 2) % MemberNames.Length]);
                if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == user.Id && m.Role == TenantRole.OrgMember, ct))
                    db.Add(new TenantMembership { UserId = user.Id, Role = TenantRole.OrgMember, GrantedAt = DateTimeOffset.UtcNow });
                db.Add(new OrganisationMember { OrganisationId = org, UserId = user.Id, JoinedAt = DateTimeOffset.UtcNow });
                result[org] = user;
            }
            await db.SaveChangesAsync(ct);
            return result;
        }

        /// <summary>The contact people's logins (orgmember2@…, orgmember3@… in number order) with their organisation.</summary>
        public async Task<IReadOnlyList<(string Email, string Organisation)>> MemberLoginsAsync(Guid primaryMember)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var rows = await (from m in db.Set<OrganisationMember>()
                              join o in db.Set<Organisation>() on m.OrganisationId equals o.Id
                              where m.UserId != primaryMember
                              select new { m.UserId, o.Name }).ToListAsync(ct);
            var ids = rows.Select(r => r.UserId).ToList();
            var prefix = "orgmember";
            var emails = await catalog.Users.Where(u => ids.Contains(u.Id) && u.Email!.StartsWith(prefix))
                .Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
            return rows.Where(r => emails.ContainsKey(r.UserId))
                .Select(r => (Email: emails[r.UserId], Organisation: r.Name))
                .OrderBy(r => int.TryParse(r.Email[prefix.Length..r.Email.IndexOf('@')], out var n) ? n : int.MaxValue)
                .ToList();
        }

        public async Task<string> SummaryAsync() => await ReadAsync(async db =>
        {
            var projects = await db.Set<Project>().GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var claims = await db.Set<ExpenseClaim>().CountAsync(ct);
            var reports = await db.Set<ProjectReport>().CountAsync(ct);
            var steps = await db.Set<PendingStep>().CountAsync(s => s.ClosedAt == null, ct);
            return $"{projects.Sum(p => p.Count)} projects ({string.Join(", ", projects.OrderBy(p => p.Key).Select(p => $"{p.Count} {p.Key}"))}), "
                   + $"{claims} claims, {reports} reports, {steps} open time limits";
        });

        /// <summary>Schedules a step; a project's steps keep the order they were written in even when working days bunch them up.</summary>
        private void At(ProjectState? project, DateOnly day, Func<Task> act)
        {
            if (project is not null)
            {
                if (day < project.LastDay) day = project.LastDay;
                project.LastDay = day;
            }
            _events.Add((day, _events.Count, project, act));
        }

        /// <summary>The working day <paramref name="daysAgo"/> calendar days before today (or the last one before it), never before the awards.</summary>
        private DateOnly D(int daysAgo)
        {
            var day = _today.AddDays(-daysAgo);
            while (!_calendar.IsWorkingDay(day)) day = day.AddDays(-1);
            return day < _floor ? _floor : day;
        }

        /// <summary>The working day from which exactly <paramref name="workingDays"/> working days have passed by today (0 = today).</summary>
        private DateOnly A(int workingDays)
        {
            if (workingDays == 0) return _today;
            var day = _today;
            var counted = 0;
            while (true)
            {
                if (_calendar.IsWorkingDay(day)) counted++;
                day = day.AddDays(-1);
                if (counted == workingDays && _calendar.IsWorkingDay(day)) return day;
            }
        }

        /// <summary>The <paramref name="workingDays"/>-th working day after <paramref name="day"/>, never after today.</summary>
        private DateOnly Later(DateOnly day, int workingDays)
        {
            var next = _calendar.AddWorkingDays(day, workingDays);
            return next > _today ? _today : next;
        }
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A one-page PDF receipt (ASCII text, offsets computed) standing in for the scanned 电子发票.</summary>
    private static byte[] ReceiptPdf(string invoice, decimal amount, DateOnly date)
    {
        var text = $"BT /F1 14 Tf 36 110 Td (VAT e-invoice No. {invoice}) Tj 0 -24 Td (Date {Text(date)}    Amount CNY {Money(amount)}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 460 180] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {text.Length} >>\nstream\n{text}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
