namespace CommunityFund.Web.Infrastructure.Identity;

/// <summary>Names of people for display (who prepared, who decided): accounts live in the catalog, so they are looked up there by id.</summary>
public static class People
{
    public static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CatalogDbContext catalog, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var users = await catalog.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "?" : u.DisplayName);
    }
}
