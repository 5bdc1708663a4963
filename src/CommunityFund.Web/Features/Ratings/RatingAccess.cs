namespace CommunityFund.Web.Features.Ratings;

/// <summary>What the rating pages share: which hand-offs a member may rate, and who may read a rating.</summary>
public static class RatingAccess
{
    private static readonly TenantRole[] Staff = [TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor];

    public static async Task<bool> IsStaffAsync(ICurrentUser user, CancellationToken ct)
    {
        var roles = await user.GetTenantRolesAsync(ct);
        return Staff.Any(roles.Contains);
    }

    public static Task<List<Guid>> MyOrganisationsAsync(AppDbContext db, ICurrentUser user, CancellationToken ct) =>
        db.Set<OrganisationMember>().Where(m => m.UserId == user.UserId).Select(m => m.OrganisationId).ToListAsync(ct);

    /// <summary>Closed hand-offs of the rated kinds, within the rating window, that served one of <paramref name="organisations"/>.</summary>
    public static async Task<List<(PendingStep Step, Guid Organisation)>> RatableStepsAsync(AppDbContext db, IEnumerable<IServedOrganisations> areas,
        IReadOnlyCollection<Guid> organisations, DateTimeOffset now, Guid? onlyStep, CancellationToken ct)
    {
        if (organisations.Count == 0) return [];
        var since = now.AddDays(-RatingRules.RateWithinDays);
        var kinds = RatingRules.Rated.ToList();
        var steps = await db.Set<PendingStep>().AsNoTracking()
            .Where(s => kinds.Contains(s.Step) && s.ClosedAt != null && s.ClosedAt >= since && (onlyStep == null || s.Id == onlyStep))
            .OrderByDescending(s => s.ClosedAt).Take(500).ToListAsync(ct);
        var served = await ServedOrganisations.ForAsync(areas, steps, ct);
        return steps.Where(s => served.TryGetValue(s.SubjectId, out var o) && organisations.Contains(o)).Select(s => (s, served[s.SubjectId])).ToList();
    }
}
