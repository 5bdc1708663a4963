using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>One line of an award list as the award page and the public notice show it.</summary>
public sealed record AwardRow(
    Guid ProposalId, int Rank, int Number, string Title, string Organisation, decimal? ExpertScore, int Votes, decimal ResidentScore,
    decimal FinalScore, decimal Requested, decimal Amount, AwardOutcome Outcome, string? CutReason);

public static class AwardRows
{
    /// <summary>The items of one list in rank order, with the proposal's number, title and organisation.</summary>
    public static Task<List<AwardRow>> LoadAsync(AppDbContext db, Guid awardListId, CancellationToken ct) =>
        (from i in db.Set<AwardItem>().AsNoTracking()
         join p in db.Set<Proposal>() on i.ProposalId equals p.Id
         join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
         where i.AwardListId == awardListId
         orderby i.Rank
         select new AwardRow(i.ProposalId, i.Rank, p.Number, p.Title, o.Name, i.ExpertScore, i.Votes, i.ResidentScore, i.FinalScore,
             i.Requested, i.Amount, i.Outcome, i.CutReason)).ToListAsync(ct);

    /// <summary>
    /// Takes the contest's row lock for the rest of the transaction, so changes to one contest's award list (propose,
    /// withdraw, confirm) happen one after another and each sees the others' committed result. Called first in a
    /// command, so the transaction's reads that follow see everything committed before the lock was granted.
    /// </summary>
    public static Task LockContestAsync(AppDbContext db, ITenantContext tenant, Guid contestId, CancellationToken ct)
    {
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        return db.Database.ExecuteSqlAsync($"SELECT Id FROM Contests WHERE TenantId = {tenantId} AND Id = {contestId.ToString()} FOR UPDATE", ct);
    }

    /// <summary>The contest (under its row lock, see <see cref="LockContestAsync"/>) and one of its award lists, for a decision on the list.</summary>
    public static async Task<(Contest Contest, AwardList List)> LoadForDecisionAsync(
        AppDbContext db, ITenantContext tenant, Guid contestId, Guid listId, CancellationToken ct)
    {
        await LockContestAsync(db, tenant, contestId, ct);
        var contest = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, ct)
                      ?? throw new NotFoundException("No such contest in this tenant.");
        var list = await db.Set<AwardList>().SingleOrDefaultAsync(l => l.Id == listId && l.ContestId == contestId, ct)
                   ?? throw new NotFoundException("No such award list in this contest.");
        return (contest, list);
    }

    public static DateTimeOffset China(DateTimeOffset at) => Infrastructure.Localization.Formats.China(at);

    public static string ChinaDateTime(DateTimeOffset at) => China(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
