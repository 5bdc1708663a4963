using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;

namespace CommunityFund.Web.Features.Grants;

/// <summary>The organisation a grants hand-off served: the one whose project the claim, tranche or report belongs to.</summary>
public sealed class GrantServedOrganisations(AppDbContext db) : IServedOrganisations
{
    public async Task<IReadOnlyDictionary<Guid, Guid>> ForAsync(TimedStep step, IReadOnlyCollection<Guid> subjectIds, CancellationToken ct)
    {
        var projects = db.Set<Project>();
        return step switch
        {
            TimedStep.ClaimReview => await ClaimsAsync(subjectIds, ct),
            TimedStep.Payment => (await ClaimsAsync(subjectIds, ct)).Concat(await (
                from t in db.Set<Tranche>().AsNoTracking()
                join p in projects on t.ProjectId equals p.Id
                where subjectIds.Contains(t.Id)
                select new { t.Id, p.OrganisationId }).ToDictionaryAsync(x => x.Id, x => x.OrganisationId, ct)).ToDictionary(),
            TimedStep.ReportReview => await (
                from r in db.Set<ProjectReport>().AsNoTracking()
                join p in projects on r.ProjectId equals p.Id
                where subjectIds.Contains(r.Id)
                select new { r.Id, p.OrganisationId }).ToDictionaryAsync(x => x.Id, x => x.OrganisationId, ct),
            _ => new Dictionary<Guid, Guid>(),
        };
    }

    private async Task<Dictionary<Guid, Guid>> ClaimsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await (from c in db.Set<ExpenseClaim>().AsNoTracking()
               join p in db.Set<Project>() on c.ProjectId equals p.Id
               where ids.Contains(c.Id)
               select new { c.Id, p.OrganisationId }).ToDictionaryAsync(x => x.Id, x => x.OrganisationId, ct);
}
