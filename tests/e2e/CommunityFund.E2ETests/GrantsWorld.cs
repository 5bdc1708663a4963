using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MediatR;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Localization;
using CommunityFund.Web.Infrastructure.Tenancy;
using ClaimAddLine = CommunityFund.Web.Features.Grants.Claims.AddLineModel;
using ClaimSubmit = CommunityFund.Web.Features.Grants.Claims.SubmitModel;
using ProjectPage = CommunityFund.Web.Features.Grants.Projects.DetailModel;

namespace CommunityFund.E2ETests;

/// <summary>
/// What the grants browser tests start from, written with the app's own services into the demo tenant: a second
/// committee member, and a finished contest (stage Final, notice over) with one confirmed award whose proposal belongs
/// to a new organisation of the demo organisation member. The accessibility tests also get a project built on such an
/// award through the real commands (agreement signed, tranche 1 awaiting the committee, a submitted claim, a red step).
/// </summary>
internal static class GrantsWorld
{
    public const string Tenant = "shipingqiao";
    public static readonly string Secretariat = DemoData.EmailOf(Tenant, TenantRole.Secretariat);
    public static readonly string Committee = DemoData.EmailOf(Tenant, TenantRole.Committee);
    public static readonly string OrgMember = DemoData.EmailOf(Tenant, TenantRole.OrgMember);
    /// <summary>The demo tenant has one committee member; amounts above ¥5,000 need two.</summary>
    public const string Committee2 = "committee2@shipingqiao.demo";
    public const string Committee2Name = "林志刚"; // as the demo data names committee2@

    public sealed record Award(Guid AwardItemId, string ContestTitle, string Title, Guid OrganisationId, string Organisation, decimal Amount);

    /// <summary>A project's pages as the accessibility tests open them.</summary>
    public sealed record ProjectPages(Guid Project, Guid Claim, Guid Approval, Guid RedStep);

    public static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> in the demo tenant (as <paramref name="asUser"/> when given) and saves what it changed.</summary>
    public static Task<T> InTenantAsync<T>(this E2EFixture app, Func<IServiceProvider, AppDbContext, Task<T>> work, string? asUser = null) =>
        app.WithServicesAsync(async sp =>
        {
            var tenant = await sp.GetRequiredService<CatalogDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Identifier == Tenant);
            sp.GetRequiredService<ITenantContext>().Set(tenant.ToInfo());
            var accessor = sp.GetRequiredService<IHttpContextAccessor>();
            var outer = accessor.HttpContext;
            if (asUser is not null)
            {
                var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(asUser)
                           ?? throw new InvalidOperationException($"No user {asUser}.");
                var http = new DefaultHttpContext { RequestServices = sp };
                http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
                http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Email!), new Claim(ClaimTypes.Email, user.Email!),
                ], "E2E"));
                accessor.HttpContext = http;
            }
            try
            {
                var db = sp.GetRequiredService<AppDbContext>();
                var result = await work(sp, db);
                await db.SaveChangesAsync();
                return result;
            }
            finally
            {
                accessor.HttpContext = outer;
            }
        });

    /// <summary>Sends a real command or query through the app's pipeline (authorisation, validation, transaction) as <paramref name="asUser"/>.</summary>
    public static Task<T> SendAsync<T>(this E2EFixture app, IRequest<T> request, string asUser) =>
        app.InTenantAsync((sp, _) => sp.GetRequiredService<IMediator>().Send(request), asUser);

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="asUser"/> in one scope of the app's services: it may read rows and
    /// send several commands, each through the whole pipeline in a transaction of its own. The transaction behaviour
    /// starts every command from an empty unit of work, so a row changed by hand is saved before the next command.
    /// </summary>
    public static Task<T> AsUserAsync<T>(this E2EFixture app, string asUser, Func<IMediator, AppDbContext, Task<T>> work) =>
        app.InTenantAsync((sp, db) => work(sp.GetRequiredService<IMediator>(), db), asUser);

    /// <inheritdoc cref="AsUserAsync{T}"/>
    public static Task AsUserAsync(this E2EFixture app, string asUser, Func<IMediator, AppDbContext, Task> work) =>
        app.InTenantAsync(async (sp, db) =>
        {
            await work(sp.GetRequiredService<IMediator>(), db);
            return 0;
        }, asUser);

    private static readonly SemaphoreSlim CommitteeLock = new(1, 1);
    private static readonly HashSet<string> CommitteeEnsured = [];

    /// <summary>A second committee member who can sign in with the demo password (made sure of once per database).</summary>
    public static async Task EnsureSecondCommitteeMemberAsync(this E2EFixture app)
    {
        await CommitteeLock.WaitAsync();
        try
        {
            if (CommitteeEnsured.Contains(app.DatabaseName)) return;
            await app.InTenantAsync(async (sp, db) =>
            {
                var users = sp.GetRequiredService<UserManager<AppUser>>();
                var user = await users.FindByEmailAsync(Committee2);
                if (user is null)
                {
                    user = new AppUser { UserName = Committee2, Email = Committee2, EmailConfirmed = true, DisplayName = Committee2Name, PreferredCulture = Cultures.Chinese };
                    var created = await users.CreateAsync(user, DemoData.Password);
                    if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                }
                if (!await db.Set<TenantMembership>().AnyAsync(m => m.UserId == user.Id && m.Role == TenantRole.Committee))
                    db.Add(new TenantMembership { UserId = user.Id, Role = TenantRole.Committee, GrantedAt = DateTimeOffset.UtcNow });
                return 0;
            });
            CommitteeEnsured.Add(app.DatabaseName);
        }
        finally
        {
            CommitteeLock.Release();
        }
    }

    /// <summary>The demo fund for elderly people living alone (黄素华基金, ¥80,000 at the start): the grants' paying fund.</summary>
    public const string FundCode = "HSHJJ";

    /// <summary>
    /// A finished contest paid from <see cref="FundCode"/> with one accepted proposal of a new organisation (the demo
    /// organisation member belongs to it) on a confirmed award list, awarded in full.
    /// </summary>
    public static Task<Award> AwardAsync(this E2EFixture app, string title, IReadOnlyList<BudgetLine> lines) =>
        app.InTenantAsync(async (sp, db) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var secretary = (await users.FindByEmailAsync(Secretariat))!.Id;
            var committee = (await users.FindByEmailAsync(Committee))!.Id;
            var member = (await users.FindByEmailAsync(OrgMember))!.Id;
            var fund = await db.Set<Fund>().Where(f => f.Code == FundCode).Select(f => f.Id).SingleAsync();
            var today = ChinaToday();
            var now = DateTimeOffset.UtcNow;
            var suffix = Guid.NewGuid().ToString("N")[..6];

            string code;
            do
            {
                var body = "GE2E" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
                code = UnifiedSocialCreditCode.Create("52500107" + body + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body)).Value;
            }
            while (await db.Set<Organisation>().AnyAsync(o => o.CreditCode == code));
            var organisation = new Organisation
            {
                Name = $"石坪桥街道长者关爱服务中心（{suffix}）", CreditCode = code, Category = OrganisationCategory.SocialService,
                ContactPerson = "刘晓燕", Phone = "023-68712345", Address = "重庆市九龙坡区石坪桥街道横街 26 号", Status = VerificationStatus.Verified,
                Channel = RegistrationChannel.SelfRegistered, RegisteredBy = secretary, CreatedAt = now.AddDays(-150), VerifiedBy = secretary, VerifiedAt = now.AddDays(-149),
            };
            db.Add(organisation);
            db.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = member, JoinedAt = now.AddDays(-150) });

            var contest = new Contest
            {
                Title = $"2026 年石坪桥街道社区公益微创投（{suffix}）", Description = "面向辖区社会组织资助为老服务项目。",
                Categories = ContestThemes.Join(ContestThemes.All), TotalBudget = 100_000m, PerProjectCap = 30_000m, PayingFundId = fund,
                Stage = ContestStage.Final, CollectOpens = today.AddDays(-120), CollectCloses = today.AddDays(-90), RefineUntil = today.AddDays(-80),
                RoadshowDate = today.AddDays(-75), ScoringCloses = today.AddDays(-74), NoticeDays = 7,
                NoticeStartsAt = now.AddDays(-70), NoticeEndsAt = now.AddDays(-63), ExpertWeight = 80, ResidentWeight = 20,
                CreatedBy = secretary, CreatedAt = now.AddDays(-130), ProposalSeq = 1,
            };
            contest.SetRubric(Rubric.Default());
            db.Add(contest);

            var content = new ProposalContent
            {
                Title = title, Category = "养老服务", Need = "横街片区高龄独居老人多，就餐难、无人照看。",
                Goals = "为 40 位高龄独居老人提供一年助餐送餐和每周探访。", BeneficiariesWho = "高龄独居老人", BeneficiariesCount = 40,
                ActivityPlan = "长者食堂配餐，志愿者每日送餐上门，社工每周探访。", StartDate = today.AddDays(-30), EndDate = today.AddDays(300),
                CoFunding = 2_000m, Lines = lines.ToList(),
            };
            var submitted = now.AddDays(-100);
            var proposal = new Proposal
            {
                ContestId = contest.Id, OrganisationId = organisation.Id, Number = 1, Status = ProposalStatus.Accepted, Channel = ProposalChannel.Online,
                CreatedBy = member, CreatedAt = submitted, ScreenedBy = secretary, ScreenedAt = submitted.AddDays(10),
            };
            proposal.SetDraft(content);
            db.Add(proposal);
            db.Add(proposal.Submit(member, submitted)); // version 1, the one the award and the project read
            var list = new AwardList
            {
                ContestId = contest.Id, Status = AwardListStatus.Confirmed, TotalBudget = contest.TotalBudget, TotalAwarded = content.RequestedAmount,
                PreparedBy = secretary, PreparedAt = now.AddDays(-72), ConfirmedBy = committee, ConfirmedAt = now.AddDays(-71),
            };
            db.Add(list);
            var item = new AwardItem
            {
                AwardListId = list.Id, ProposalId = proposal.Id, Rank = 1, FinalScore = 88.5m, Requested = content.RequestedAmount,
                Amount = content.RequestedAmount, Outcome = AwardOutcome.Awarded,
            };
            db.Add(item);
            return new Award(item.Id, contest.Title, title, organisation.Id, organisation.Name, content.RequestedAmount);
        });

    /// <summary>
    /// Opens a pending step that started <paramref name="startedOn"/> (for the overdue dashboard) and runs the real
    /// time-limit sweep, which colours it and tells the committee when it turns red.
    /// </summary>
    public static async Task<Guid> OverdueStepAsync(this E2EFixture app, TimedStep step, string title, string? link, DateOnly startedOn)
    {
        var id = await app.InTenantAsync(async (_, db) =>
        {
            var settings = await GrantSettingsStore.LoadAsync(db, default);
            return PendingSteps.Open(db, step, Guid.NewGuid(), title, link, TenantRole.Secretariat, null, startedOn, settings).Id;
        });
        var report = await app.WithServicesAsync(sp => TimeLimitSweep.RunAsync(sp, CancellationToken.None));
        Assert.True(report.Ran, "the time-limit sweep did not run (its lock was taken)");
        return id;
    }

    private static readonly SemaphoreSlim PagesLock = new(1, 1);
    private static readonly Dictionary<string, ProjectPages> Built = [];

    /// <summary>
    /// A project for the accessibility tests, made once per database through the real commands: from a confirmed award,
    /// agreement signed, tranche 1 requested (pending the committee), a claim with one line filed and submitted by the
    /// organisation, and a red pending step.
    /// </summary>
    public static async Task<ProjectPages> PagesAsync(this E2EFixture app)
    {
        await PagesLock.WaitAsync();
        try
        {
            if (Built.TryGetValue(app.DatabaseName, out var built)) return built;
            var award = await app.AwardAsync("社区长者助餐服务（无障碍检查）",
                [new BudgetLine("送餐志愿者交通补贴", BudgetKind.Transport, 50m, 120), new BudgetLine("餐具与保温箱", BudgetKind.Materials, 200m, 20)]);
            var today = ChinaToday();
            var project = await app.SendAsync(new FromAwardModel.Command
            {
                AwardItemId = award.AwardItemId, Mode = nameof(FundingMode.Advance), StartDate = Iso(today.AddDays(-30)), EndDate = Iso(today.AddDays(300)),
            }, Secretariat);
            await app.SendAsync(new ProjectPage.Transition { ProjectId = project, Action = ProjectAction.SignAgreement }, Secretariat);
            var first = await app.InTenantAsync((_, db) =>
                db.Set<Tranche>().Where(t => t.ProjectId == project).OrderBy(t => t.Sequence).Select(t => t.Id).FirstAsync());
            await app.SendAsync(new ProjectPage.RequestTranche { ProjectId = project, TrancheId = first }, Secretariat);
            var approval = await app.InTenantAsync((_, db) =>
                db.Set<ApprovalRequest>().Where(r => r.SubjectId == first && r.Kind == ApprovalKind.TranchePayment).Select(r => r.Id).SingleAsync());
            var line = await app.InTenantAsync((_, db) =>
                db.Set<ProjectBudgetLine>().Where(l => l.ProjectId == project).OrderBy(l => l.Position).Select(l => l.Id).FirstAsync());
            var claim = await app.SendAsync(new ClaimAddLine.AddLine
            {
                ProjectId = project, BudgetLineId = line, Date = Iso(today.AddDays(-3)), Payee = "重庆市九龙坡区公交出租车服务部",
                Description = "送餐志愿者 10 月交通补贴", Amount = "800", InvoiceNumber = "A11Y-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
                ReceiptFileName = "交通票据.png", ReceiptContent = ReceiptPng(),
            }, OrgMember);
            await app.SendAsync(new ClaimSubmit.Submit { ClaimId = claim }, OrgMember);
            var red = await app.OverdueStepAsync(TimedStep.ClaimReview, $"报销单审核（{award.Title}）", $"/claims/{claim}", today.AddDays(-40));
            return Built[app.DatabaseName] = new ProjectPages(project, claim, approval, red);
        }
        finally
        {
            PagesLock.Release();
        }
    }

    /// <summary>
    /// A small real PNG (a 96 × 64 "receipt": white paper, a red header band and grey text lines), encoded here:
    /// signature, IHDR, one zlib-compressed IDAT, IEND.
    /// </summary>
    public static byte[] ReceiptPng()
    {
        const int width = 96, height = 64;
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = y < 12 ? ((byte)200, (byte)40, (byte)40)
                    : y % 8 == 4 && x > 8 && x < width - 8 - (y * 7 % 30) ? ((byte)110, (byte)110, (byte)110)
                    : ((byte)252, (byte)250, (byte)245);
                var i = row + 1 + x * 3;
                (raw[i], raw[i + 1], raw[i + 2]) = (r, g, b);
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, width);
        WriteBigEndian(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, unchecked((int)Crc32(typed)));
        png.Write(crc);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
