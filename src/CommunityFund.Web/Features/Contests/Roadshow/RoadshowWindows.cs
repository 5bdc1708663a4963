using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Roadshow;

/// <summary>
/// When each roadshow task is open. The panel is settled before the roadshow (a judge added or removed mid-scoring
/// would change whose sheets count); conflicts may be declared from screening, when proposals become known, until the
/// roadshow ends; the running order may change until the first sheet is submitted.
/// </summary>
public static class RoadshowWindows
{
    public static bool PanelOpen(ContestStage stage) => stage < ContestStage.Roadshow;

    public static bool ConflictsOpen(ContestStage stage) => stage is >= ContestStage.Screening and <= ContestStage.Roadshow;

    public static bool ScheduleStage(ContestStage stage) => stage is ContestStage.Refining or ContestStage.Roadshow;

    public static async Task<Contest> ContestAsync(AppDbContext db, Guid contestId, CancellationToken ct) =>
        await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, ct)
        ?? throw new NotFoundException("No such contest in this tenant.");
}
