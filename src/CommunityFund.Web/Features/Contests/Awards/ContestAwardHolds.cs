using CommunityFund.Web.Features.Contests.Screening;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>The contest's side of <see cref="IAwardHolds"/>: the public notice and its objections, and <see cref="MissingDocuments"/>.</summary>
public sealed class ContestAwardHolds(AppDbContext db, TimeProvider clock) : IAwardHolds
{
    /// <summary>The notice is over once the contest is final, or in its public notice with the end passed.</summary>
    public async Task<NoticeState> NoticeAsync(Guid contestId, CancellationToken ct = default)
    {
        var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == contestId)
            .Select(c => new { c.Stage, c.NoticeEndsAt }).SingleAsync(ct);
        var open = await db.Set<Objection>().CountAsync(o => o.ContestId == contestId && o.AnsweredAt == null, ct);
        var ended = contest.Stage == ContestStage.Final
                    || (contest.Stage == ContestStage.PublicNotice && contest.NoticeEndsAt is { } ends && clock.GetUtcNow() >= ends);
        return new NoticeState(open, ended, contest.Stage == ContestStage.PublicNotice ? contest.NoticeEndsAt : null);
    }

    public Task<bool> HasOverdueCommitmentAsync(Guid organisationId, DateOnly today, CancellationToken ct = default) =>
        MissingDocuments.HasOverdueAsync(db, organisationId, today, ct);

    public Task<bool> HasOutstandingCommitmentAsync(Guid proposalId, CancellationToken ct = default) =>
        MissingDocuments.HasOutstandingAsync(db, proposalId, ct);
}
