using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.Web.Features.Contests;

/// <summary>The organisation a contest hand-off served: screening serves the proposal's organisation.</summary>
public sealed class ContestServedOrganisations(AppDbContext db) : IServedOrganisations
{
    public async Task<IReadOnlyDictionary<Guid, Guid>> ForAsync(TimedStep step, IReadOnlyCollection<Guid> subjectIds, CancellationToken ct) =>
        step == TimedStep.Screening
            ? await db.Set<Proposal>().AsNoTracking().Where(p => subjectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.OrganisationId, ct)
            : new Dictionary<Guid, Guid>();
}
