using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Approvals.Requests;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Grants.ApprovalTests;

/// <summary>
/// A contest world (secretary, two committee members, auditor, two organisations) plus a third committee member who
/// chairs, with the default tiers saved (≤ ¥5,000: 1; ≤ ¥50,000: 2; above: 2 including the chair).
/// </summary>
public sealed class ApprovalWorld
{
    public required ContestWorld World { get; init; }
    public required AppUser Chair { get; init; }
    public SliceFixture F => World.F;
    public TenantInfo Tenant => World.Tenant;
    public AppUser Secretary => World.Secretary;
    public AppUser Committee => World.Committee;
    public AppUser Committee2 => World.Committee2;
    public Guid Organisation => World.Organisation;

    public static async Task<ApprovalWorld> CreateAsync(SliceFixture f, bool withChair = true)
    {
        var world = await ContestWorld.CreateAsync(f);
        var chair = await f.CreateUserAsync();
        await f.GrantAsync(world.Tenant, chair, TenantRole.Committee);
        if (withChair) await f.SendAsync(Settings(chair.Id), world.Secretary, world.Tenant);
        return new ApprovalWorld { World = world, Chair = chair };
    }

    /// <summary>The default tiers with the given chair and time limits.</summary>
    public static IndexModel.Save Settings(Guid? chair, int version = 0, params (string UpTo, int Approvals, bool Chair)[] tiers) => new()
    {
        Tiers = (tiers.Length == 0 ? [("5000", 1, false), ("50000", 2, false), ("", 2, true)] : tiers)
            .Select(x => new TierInput { UpTo = x.UpTo, Approvals = x.Approvals, ChairRequired = x.Chair }).ToList(),
        ChairId = chair, ScreeningDays = 5, ClaimReviewDays = 5, ApprovalDays = 3, PaymentDays = 3, ReportReviewDays = 10, Version = version,
    };

    /// <summary>A request prepared by <paramref name="preparer"/> (default: the secretary) through the one entry point, ApprovalService.</summary>
    public Task<Guid> RequestAsync(decimal amount, AppUser? preparer = null, ApprovalKind kind = ApprovalKind.Grant, Guid? organisation = null, bool noOrganisation = false) =>
        F.InScopeAsync(Tenant, preparer ?? Secretary, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var request = await sp.GetRequiredService<ApprovalService>().RequestAsync(
                kind, Guid.NewGuid(), noOrganisation ? null : organisation ?? Organisation, amount, $"资助 ¥{amount}", CancellationToken.None);
            await db.SaveChangesAsync();
            return request.Id;
        });

    public static DetailModel.Decide Approve(Guid id, string comment = "") => new() { RequestId = id, Approve = true, Comment = comment };

    public static DetailModel.Decide Reject(Guid id, string comment) => new() { RequestId = id, Approve = false, Comment = comment };

    public Task<ApprovalStatus> DecideAsync(DetailModel.Decide decide, AppUser by) => F.SendAsync(decide, by, Tenant);

    public Task<Guid> ConflictAsync(AppUser member, Guid organisation, AppUser? by = null) =>
        F.SendAsync(new CommunityFund.Web.Features.Grants.Approvals.Conflicts.IndexModel.Record { MemberId = member.Id, OrganisationId = organisation, Reason = "该委员在该组织兼任理事。" }, by ?? Secretary, Tenant);

    public Task<ApprovalRequest> LoadAsync(Guid id) => World.ReadAsync(db => db.Set<ApprovalRequest>().AsNoTracking().SingleAsync(r => r.Id == id));

    public Task<List<ApprovalDecision>> DecisionsAsync(Guid id) =>
        World.ReadAsync(db => db.Set<ApprovalDecision>().AsNoTracking().Where(d => d.RequestId == id).OrderBy(d => d.DecidedAt).ToListAsync());
}
