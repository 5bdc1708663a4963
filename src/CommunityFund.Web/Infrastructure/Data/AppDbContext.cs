using System.Linq.Expressions;


namespace CommunityFund.Web.Infrastructure.Data;

/// <summary>
/// Tenant-owned data. Every entity implementing <see cref="ITenantOwned"/> gets a query filter on the current
/// tenant, and SaveChanges stamps new rows and refuses any write that crosses tenants or has no tenant.
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options, ITenantContext tenantContext) : DbContext(options)
{
    public const string HistoryTable = "__tenant_migrations";

    /// <summary>Read by the query filters on every query (EF parameterises it per context instance).</summary>
    public Guid? CurrentTenantId => tenantContext.Current?.Id;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, IsTenantOwnedConfiguration);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            var b = builder.Entity(entity.ClrType);
            b.Property(nameof(ITenantOwned.TenantId)).HasColumnType("char(36)").IsRequired();
            var keyLeads = entity.FindPrimaryKey()?.Properties[0].Name == nameof(ITenantOwned.TenantId);
            if (!keyLeads && !entity.GetIndexes().Any(i => i.Properties[0].Name == nameof(ITenantOwned.TenantId)))
                b.HasIndex(nameof(ITenantOwned.TenantId));
            b.HasQueryFilter(TenantFilter(entity.ClrType));
        }
    }

    /// <summary>Money is decimal(18,2) unless a property says otherwise: never binary floating point, never Pomelo's decimal(65,30).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);

    private LambdaExpression TenantFilter(Type clrType)
    {
        var e = Expression.Parameter(clrType, "e");
        var rowTenant = Expression.Convert(Expression.Property(e, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), e);
    }

    private static bool IsTenantOwnedConfiguration(Type configurationType) =>
        configurationType.GetInterfaces().Any(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>) &&
            typeof(ITenantOwned).IsAssignableFrom(i.GetGenericArguments()[0]));

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void GuardTenantWrites()
    {
        var current = CurrentTenantId;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is IAppendOnly && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new AppendOnlyViolationException($"{entry.Entity.GetType().Name} rows are append-only: post a reversal instead.");
            if (current is null)
                throw new TenantMismatchException($"Cannot write {entry.Entity.GetType().Name}: no tenant is set.");
            switch (entry.State)
            {
                case EntityState.Added when entry.Entity.TenantId == Guid.Empty:
                    entry.Entity.TenantId = current.Value;
                    break;
                case EntityState.Added when entry.Entity.TenantId != current:
                    throw new TenantMismatchException($"Cannot add {entry.Entity.GetType().Name} for another tenant.");
                case EntityState.Modified or EntityState.Deleted:
                    var original = (Guid)entry.OriginalValues[nameof(ITenantOwned.TenantId)]!;
                    if (original != current || entry.Entity.TenantId != current)
                        throw new TenantMismatchException(
                            $"Cannot {(entry.State == EntityState.Deleted ? "delete" : "modify")} {entry.Entity.GetType().Name} of another tenant.");
                    break;
            }
        }
    }
}

