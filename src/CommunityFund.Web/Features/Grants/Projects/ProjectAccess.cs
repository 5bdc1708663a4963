
namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>
/// Who sees which projects: the secretariat, committee and auditors see them all; an organisation's member sees only
/// the projects of the organisations they act for. Another tenant's project does not exist here (query filter → 404).
/// </summary>
public static class ProjectAccess
{
    private static readonly TenantRole[] SeeAll = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

    public static async Task<bool> SeesAllAsync(ICurrentUser user, CancellationToken ct) =>
        SeeAll.Any((await user.GetTenantRolesAsync(ct)).Contains);

    public static async Task<IQueryable<Project>> VisibleAsync(AppDbContext db, ICurrentUser user, CancellationToken ct)
    {
        var projects = db.Set<Project>().AsNoTracking();
        if (await SeesAllAsync(user, ct)) return projects;
        var me = user.UserId;
        return projects.Where(p => db.Set<OrganisationMember>().Any(m => m.OrganisationId == p.OrganisationId && m.UserId == me));
    }

    /// <summary>The project as the current user may read it: 404 when it is not in this tenant, 403 when it is another organisation's.</summary>
    public static async Task<Project> OpenAsync(AppDbContext db, ICurrentUser user, Guid projectId, CancellationToken ct)
    {
        var project = await db.Set<Project>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct)
                      ?? throw new NotFoundException("No such project in this tenant.");
        if (await SeesAllAsync(user, ct)) return project;
        var me = user.UserId;
        var member = await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == project.OrganisationId && m.UserId == me, ct);
        return member ? project : throw new ForbiddenException("Another organisation's project.");
    }

    /// <summary>
    /// Takes the project's row lock for the rest of the transaction, so every change to one project (status, budget,
    /// plan, tranche request, payment, approval outcome) happens one after another and each sees the others' committed
    /// result. Called first in a command, before the transaction's first plain read.
    /// </summary>
    public static Task LockAsync(AppDbContext db, ITenantContext tenant, Guid projectId, CancellationToken ct)
    {
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        return db.Database.ExecuteSqlAsync($"SELECT Id FROM Projects WHERE TenantId = {tenantId} AND Id = {projectId.ToString()} FOR UPDATE", ct);
    }

    /// <summary>Loads the project for a change (tracked), after taking its lock; 404 when it is not in this tenant.</summary>
    public static async Task<Project> LockAndLoadAsync(AppDbContext db, ITenantContext tenant, Guid projectId, CancellationToken ct)
    {
        await LockAsync(db, tenant, projectId, ct);
        return await db.Set<Project>().SingleOrDefaultAsync(p => p.Id == projectId, ct)
               ?? throw new NotFoundException("No such project in this tenant.");
    }
}
