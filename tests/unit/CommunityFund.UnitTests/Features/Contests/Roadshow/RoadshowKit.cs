using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

// Not "...Contests.Roadshow": a namespace of that name would shadow ContestStage.Roadshow (used via "using static") in the sibling test folders.
namespace CommunityFund.UnitTests.Features.Contests.RoadshowTests;

/// <summary>Rows the roadshow tests need that other features write (sheets), and short reads of what the commands stored.</summary>
internal static class RoadshowKit
{
    /// <summary>A tenant member holding the Judge role who is not (yet) on any panel.</summary>
    public static async Task<AppUser> JudgeMemberAsync(ContestWorld w)
    {
        var judge = await w.F.CreateUserAsync();
        await w.F.GrantAsync(w.Tenant, judge, TenantRole.Judge);
        return judge;
    }

    /// <summary>A submitted sheet scoring the default rubric's criteria in order (need, feasibility, budget, innovation, sustainability).</summary>
    public static Task SubmitSheetAsync(ContestWorld w, Guid proposal, Guid judge, params decimal[] scores) =>
        w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var criteria = Rubric.Default().Criteria;
            if (scores.Length != criteria.Count) throw new ArgumentException("one score per criterion");
            var sheet = new ScoreSheet
            {
                ContestId = w.ContestId, ProposalId = proposal, JudgeId = judge, Status = SheetStatus.Submitted,
                UpdatedAt = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow, Version = 1,
            };
            sheet.SetScores(criteria.Zip(scores).ToDictionary(x => x.First.Id, x => x.Second));
            db.Add(sheet);
            return await db.SaveChangesAsync();
        });

    public static Task<List<ContestJudge>> PanelAsync(ContestWorld w) =>
        w.ReadAsync(db => db.Set<ContestJudge>().AsNoTracking().Where(j => j.ContestId == w.ContestId).ToListAsync());

    public static Task<List<ConflictDeclaration>> ConflictsAsync(ContestWorld w) =>
        w.ReadAsync(db => db.Set<ConflictDeclaration>().AsNoTracking().Where(c => c.ContestId == w.ContestId).ToListAsync());

    public static Task<Proposal> ProposalAsync(ContestWorld w, Guid id) =>
        w.ReadAsync(db => db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id));

    /// <summary>Opens a proposal the way its page does, as <paramref name="user"/>.</summary>
    public static Task<(Proposal Proposal, ProposalViewer Viewer)> OpenAsync(ContestWorld w, AppUser user, Guid proposal) =>
        w.F.InScopeAsync(w.Tenant, user, sp =>
            ProposalAccess.OpenAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ICurrentUser>(), proposal, CancellationToken.None));
}
