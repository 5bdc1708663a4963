namespace CommunityFund.Web.Kernel.Organisations;

/// <summary>
/// Who sees which organisations: the secretariat, committee and auditors see the whole register; an organisation's
/// member sees only the organisations they act for.
/// </summary>
public static class OrganisationAccess
{
    private static readonly TenantRole[] SeeAll = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

    public static async Task<IQueryable<Organisation>> VisibleAsync(AppDbContext db, ICurrentUser user, CancellationToken ct)
    {
        var roles = await user.GetTenantRolesAsync(ct);
        var organisations = db.Set<Organisation>();
        if (SeeAll.Any(roles.Contains)) return organisations;
        var me = user.UserId;
        return organisations.Where(o => db.Set<OrganisationMember>().Any(m => m.OrganisationId == o.Id && m.UserId == me));
    }
}
