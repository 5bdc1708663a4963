using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>The contest's side of <see cref="IAwardHandOver"/>: confirmed awards and the awarded proposal version, read from the contest's tables.</summary>
public sealed class ContestAwardHandOver(AppDbContext db, ITenantContext tenant) : IAwardHandOver
{
    public async Task<IReadOnlyList<ConfirmedAward>> ConfirmedAsync(CancellationToken ct = default) =>
        await (from i in db.Set<AwardItem>()
               join l in db.Set<AwardList>() on i.AwardListId equals l.Id
               join c in db.Set<Contest>() on l.ContestId equals c.Id
               join p in db.Set<Proposal>() on i.ProposalId equals p.Id
               join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
               where l.Status == AwardListStatus.Confirmed && i.Amount > 0
               orderby c.CreatedAt, p.Number
               select new ConfirmedAward(i.Id, p.Id, c.Title, p.Number, p.Title, o.Name, i.Amount, i.Requested))
            .AsNoTracking().ToListAsync(ct);

    public async Task<AwardHandOver?> FindAsync(Guid awardItemId, CancellationToken ct = default)
    {
        var award = await (
                from i in db.Set<AwardItem>()
                join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                join c in db.Set<Contest>() on l.ContestId equals c.Id
                join p in db.Set<Proposal>() on i.ProposalId equals p.Id
                where i.Id == awardItemId
                select new { i.Amount, l.Status, ContestId = c.Id, c.PayingFundId, ProposalId = p.Id, p.OrganisationId, p.Title, p.LatestVersion })
            .AsNoTracking().SingleOrDefaultAsync(ct);
        if (award is null) return null;
        var version = await db.Set<ProposalVersion>().AsNoTracking()
            .SingleOrDefaultAsync(v => v.ProposalId == award.ProposalId && v.Number == award.LatestVersion, ct);
        AwardedVersion? awarded = null;
        if (version is not null)
        {
            var content = version.GetContent();
            awarded = new AwardedVersion(version.Number, content.Title, content.StartDate, content.EndDate,
                content.Lines.Select(l => new AwardedLine(l.Item, l.Kind, l.Subtotal)).ToList());
        }
        return new AwardHandOver(awardItemId, award.Status == AwardListStatus.Confirmed, award.Amount, award.ContestId, award.PayingFundId,
            award.ProposalId, award.OrganisationId, award.Title, awarded);
    }

    public async Task<AwardHandOver?> LockAsync(Guid awardItemId, CancellationToken ct = default)
    {
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        await db.Database.ExecuteSqlAsync($"SELECT Id FROM AwardItems WHERE TenantId = {tenantId} AND Id = {awardItemId.ToString()} FOR UPDATE", ct);
        return await FindAsync(awardItemId, ct);
    }

    public async Task<AwardOrigin> OriginAsync(Guid? contestId, Guid? proposalId, CancellationToken ct = default)
    {
        var contest = contestId is { } cid ? await db.Set<Contest>().Where(c => c.Id == cid).Select(c => c.Title).SingleOrDefaultAsync(ct) : null;
        var number = proposalId is { } pid
            ? await db.Set<Proposal>().Where(x => x.Id == pid).Select(x => (int?)x.Number).SingleOrDefaultAsync(ct)
            : null;
        return new AwardOrigin(contest, number);
    }
}
