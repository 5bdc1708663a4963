namespace CommunityFund.Web.Infrastructure.Tenancy;

/// <summary>The tenant the current unit of work runs for. Set once per request (or per command for platform work).</summary>
public interface ITenantContext
{
    TenantInfo? Current { get; }
    void Set(TenantInfo tenant);
}

public sealed class TenantContext : ITenantContext
{
    public TenantInfo? Current { get; private set; }

    public void Set(TenantInfo tenant)
    {
        if (Current is not null && Current.Id != tenant.Id)
            throw new TenantMismatchException($"This unit of work already runs for tenant '{Current.Identifier}'.");
        Current = tenant;
    }
}

/// <summary>Marks an entity that belongs to exactly one tenant.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
