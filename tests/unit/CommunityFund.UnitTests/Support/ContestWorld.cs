using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Support;

/// <summary>
/// A tenant ready for a contest: the ledger world (funds, secretary, committee member), a second committee member,
/// an auditor, a verified organisation with a member, a second organisation with its own member, and a contest.
/// Rows are written directly (not through commands) so each feature's tests start from the stage they need.
/// </summary>
public sealed class ContestWorld
{
    public required LedgerWorld Ledger { get; init; }
    public SliceFixture F => Ledger.F;
    public TenantInfo Tenant => Ledger.Tenant;
    public AppUser Secretary => Ledger.Secretary;
    public AppUser Committee => Ledger.Committee;
    public required AppUser Committee2 { get; init; }
    public required AppUser Auditor { get; init; }
    public required Guid Organisation { get; init; }
    public required AppUser OrgMember { get; init; }
    public required Guid OtherOrganisation { get; init; }
    public required AppUser OtherOrgMember { get; init; }
    public required Guid ContestId { get; init; }

    /// <summary>Creates the world with its contest in <paramref name="stage"/> (dates: collecting closes in 30 days).</summary>
    public static async Task<ContestWorld> CreateAsync(SliceFixture f, ContestStage stage = ContestStage.Collecting, decimal budget = 100_000m, decimal cap = 30_000m)
    {
        var ledger = await LedgerWorld.CreateAsync(f);
        var committee2 = await f.CreateUserAsync();
        var auditor = await f.CreateUserAsync();
        var member = await f.CreateUserAsync();
        var otherMember = await f.CreateUserAsync();
        await f.GrantAsync(ledger.Tenant, committee2, TenantRole.Committee);
        await f.GrantAsync(ledger.Tenant, auditor, TenantRole.Auditor);
        await f.GrantAsync(ledger.Tenant, member, TenantRole.OrgMember);
        await f.GrantAsync(ledger.Tenant, otherMember, TenantRole.OrgMember);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (org, otherOrg, contest) = await f.InTenantAsync(ledger.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var o1 = NewOrganisation("石桥铺阳光社工服务中心", Code("MJP57410"), ledger.Secretary.Id);
            var o2 = NewOrganisation("大河社区志愿者协会", Code("MJP57420"), ledger.Secretary.Id);
            db.AddRange(o1, o2);
            db.Add(new OrganisationMember { OrganisationId = o1.Id, UserId = member.Id, JoinedAt = DateTimeOffset.UtcNow });
            db.Add(new OrganisationMember { OrganisationId = o2.Id, UserId = otherMember.Id, JoinedAt = DateTimeOffset.UtcNow });
            var c = new Contest
            {
                Title = "2026 年社区公益提案大赛",
                Description = "面向辖区社会组织征集公益提案。",
                Categories = ContestThemes.Join(ContestThemes.All),
                TotalBudget = budget,
                PerProjectCap = cap,
                PayingFundId = ledger.General,
                Stage = stage,
                CollectOpens = today.AddDays(-10),
                CollectCloses = today.AddDays(30),
                RefineUntil = today.AddDays(40),
                RoadshowDate = today.AddDays(45),
                ScoringCloses = today.AddDays(46),
                NoticeDays = 7,
                ExpertWeight = 80,
                ResidentWeight = 20,
                CreatedBy = ledger.Secretary.Id,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            c.SetRubric(Rubric.Default());
            db.Add(c);
            await db.SaveChangesAsync();
            return (o1.Id, o2.Id, c.Id);
        });
        return new ContestWorld
        {
            Ledger = ledger, Committee2 = committee2, Auditor = auditor, Organisation = org, OrgMember = member,
            OtherOrganisation = otherOrg, OtherOrgMember = otherMember, ContestId = contest,
        };
    }

    /// <summary>A valid 统一社会信用代码 (both check characters computed) around an 8-character organisation code body.</summary>
    public static string Code(string body8) =>
        UnifiedSocialCreditCode.Create("52500107" + body8 + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body8)).Value;

    private static Organisation NewOrganisation(string name, string code, Guid by) => new()
    {
        Name = name, CreditCode = code, Category = OrganisationCategory.SocialService, ContactPerson = "王芳", Phone = "023-68001234",
        Address = "重庆市九龙坡区石桥铺街道", Status = VerificationStatus.Verified, Channel = RegistrationChannel.SelfRegistered,
        RegisteredBy = by, CreatedAt = DateTimeOffset.UtcNow, VerifiedBy = by, VerifiedAt = DateTimeOffset.UtcNow,
    };

    public static ProposalContent SampleContent(string title = "困境儿童课后托管", decimal unitPrice = 200m, int quantity = 50) => new()
    {
        Title = title,
        Category = "助学助困",
        Need = "辖区双职工和困境家庭儿童放学后无人看护。",
        Goals = "为 40 名儿童提供一学期课后托管和作业辅导。",
        BeneficiariesWho = "困境家庭儿童",
        BeneficiariesCount = 40,
        ActivityPlan = "每周一至周五 16:30-18:30 在社区活动室开展。",
        StartDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60),
        EndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(240),
        CoFunding = 2000m,
        Lines = [new BudgetLine("辅导老师劳务费", BudgetKind.Labour, unitPrice, quantity), new BudgetLine("学习用品", BudgetKind.Materials, 50m, 40)],
    };

    /// <summary>
    /// A proposal of <paramref name="organisation"/> (default: the world's) written straight to the database in
    /// <paramref name="status"/>; any status but Draft also gets its version 1.
    /// </summary>
    public Task<Guid> AddProposalAsync(ProposalStatus status = ProposalStatus.Submitted, ProposalContent? content = null,
        Guid? organisation = null, DateTimeOffset? firstSubmittedAt = null, int? runningOrder = null) =>
        F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contest = await db.Set<Contest>().SingleAsync(c => c.Id == ContestId);
            contest.ProposalSeq++;
            content ??= SampleContent();
            var submittedAt = firstSubmittedAt ?? DateTimeOffset.UtcNow.AddMinutes(-contest.ProposalSeq);
            var p = new Proposal
            {
                ContestId = ContestId, OrganisationId = organisation ?? Organisation, Number = contest.ProposalSeq, Status = status,
                Channel = ProposalChannel.Online, CreatedBy = OrgMember.Id, CreatedAt = submittedAt,
            };
            p.SetDraft(content);
            if (status != ProposalStatus.Draft)
            {
                p.LatestVersion = 1;
                p.FirstSubmittedAt = p.LastSubmittedAt = submittedAt;
                db.Add(new ProposalVersion
                {
                    ProposalId = p.Id, Number = 1, ContentJson = content.ToJson(), RequestedAmount = content.RequestedAmount,
                    SubmittedBy = OrgMember.Id, SubmittedAt = submittedAt,
                });
            }
            if (runningOrder is { } order)
            {
                p.RunningOrder = order;
                p.SlotStart = new TimeOnly(9, 0).AddMinutes(15 * (order - 1));
                p.SlotMinutes = 15;
            }
            db.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    /// <summary>Creates a user with the Judge role and puts them on the contest's panel.</summary>
    public async Task<AppUser> AddJudgeAsync()
    {
        var judge = await F.CreateUserAsync();
        await F.GrantAsync(Tenant, judge, TenantRole.Judge);
        await F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new ContestJudge { ContestId = ContestId, JudgeId = judge.Id, AddedBy = Secretary.Id, AddedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        return judge;
    }

    public Task SetStageAsync(ContestStage stage) =>
        F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var c = await db.Set<Contest>().SingleAsync(x => x.Id == ContestId);
            c.Stage = stage;
            return await db.SaveChangesAsync();
        });

    public Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> read) =>
        F.InTenantAsync(Tenant, sp => read(sp.GetRequiredService<AppDbContext>()));
}
