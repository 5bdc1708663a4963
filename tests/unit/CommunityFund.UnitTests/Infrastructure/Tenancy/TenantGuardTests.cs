using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Infrastructure.Tenancy;

/// <summary>One test per isolation rule of the tenant-owned DbContext, against real MariaDB.</summary>
public class TenantGuardTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<(TenantInfo A, TenantInfo B, Guid RowOfA)> TwoTenantsWithARowInAAsync()
    {
        var a = await f.CreateTenantAsync();
        var b = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(a, user, TenantRole.Judge);
        var rowOfA = await f.InTenantAsync(a, sp => sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().Where(m => m.UserId == user.Id).Select(m => m.Id).SingleAsync());
        return (a, b, rowOfA);
    }

    [Fact]
    public async Task The_query_filter_shows_only_the_current_tenants_rows()
    {
        var (a, b, rowOfA) = await TwoTenantsWithARowInAAsync();
        var seenInA = await f.InTenantAsync(a, sp => sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().AnyAsync(m => m.Id == rowOfA));
        var seenInB = await f.InTenantAsync(b, sp => sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().AnyAsync(m => m.Id == rowOfA));
        var foundByKeyInB = await f.InTenantAsync(b, async sp => await sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().FindAsync(rowOfA));
        Assert.True(seenInA);
        Assert.False(seenInB);
        Assert.Null(foundByKeyInB);
    }

    [Fact]
    public async Task Without_a_tenant_a_query_returns_no_rows_at_all()
    {
        var (_, _, rowOfA) = await TwoTenantsWithARowInAAsync();
        var total = await f.CountAsync<TenantMembership>();
        var visible = await f.InTenantAsync(null, sp => sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().CountAsync());
        var byId = await f.InTenantAsync(null, sp => sp.GetRequiredService<AppDbContext>().Set<TenantMembership>().AnyAsync(m => m.Id == rowOfA));
        Assert.True(total > 0);
        Assert.Equal(0, visible);
        Assert.False(byId);
    }

    [Fact]
    public async Task SaveChanges_stamps_the_current_tenant_on_new_rows()
    {
        var a = await f.CreateTenantAsync();
        var row = new TenantMembership { UserId = Guid.NewGuid(), Role = TenantRole.Auditor, GrantedAt = DateTimeOffset.UtcNow };
        await f.InTenantAsync(a, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(row);
            return await db.SaveChangesAsync();
        });
        var stored = await f.Database.ScalarAsync($"SELECT TenantId FROM TenantMemberships WHERE Id = '{row.Id}'");
        Assert.Equal(a.Id.ToString(), stored?.ToString());
    }

    [Fact]
    public async Task Adding_a_row_for_another_tenant_throws_and_saves_nothing()
    {
        var (a, b, _) = await TwoTenantsWithARowInAAsync();
        var row = new TenantMembership { TenantId = a.Id, UserId = Guid.NewGuid(), Role = TenantRole.Auditor };
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(b, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(row);
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE Id = '{row.Id}'")));
    }

    [Fact]
    public async Task Modifying_a_row_of_another_tenant_throws()
    {
        var (_, b, rowOfA) = await TwoTenantsWithARowInAAsync();
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(b, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var foreign = await db.Set<TenantMembership>().IgnoreQueryFilters().SingleAsync(m => m.Id == rowOfA);
            foreign.Role = TenantRole.Secretariat;
            return await db.SaveChangesAsync();
        }));
        Assert.Equal("Judge", (await f.Database.ScalarAsync($"SELECT Role FROM TenantMemberships WHERE Id = '{rowOfA}'"))?.ToString());
    }

    [Fact]
    public async Task Deleting_a_row_of_another_tenant_throws()
    {
        var (_, b, rowOfA) = await TwoTenantsWithARowInAAsync();
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(b, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            // Even a hand-made stub with the right key (as from a forged form field) cannot delete it.
            db.Remove(new TenantMembership { Id = rowOfA, TenantId = Guid.Empty });
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(1L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE Id = '{rowOfA}'")));
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_throws()
    {
        var (a, b, rowOfA) = await TwoTenantsWithARowInAAsync();
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(a, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var own = await db.Set<TenantMembership>().SingleAsync(m => m.Id == rowOfA);
            own.TenantId = b.Id;
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(a.Id.ToString(), (await f.Database.ScalarAsync($"SELECT TenantId FROM TenantMemberships WHERE Id = '{rowOfA}'"))?.ToString());
    }

    [Fact]
    public async Task Writing_a_tenant_owned_row_without_a_tenant_throws()
    {
        var row = new TenantMembership { UserId = Guid.NewGuid(), Role = TenantRole.Auditor };
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(null, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(row);
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE Id = '{row.Id}'")));
    }

    [Fact]
    public async Task A_unit_of_work_cannot_switch_to_a_second_tenant()
    {
        var a = await f.CreateTenantAsync();
        var b = await f.CreateTenantAsync();
        await Assert.ThrowsAsync<TenantMismatchException>(() => f.InTenantAsync(a, sp =>
        {
            sp.GetRequiredService<ITenantContext>().Set(b);
            return Task.FromResult(0);
        }));
    }

    [Theory]
    [InlineData("TenantMemberships")]
    [InlineData("Invitations")]
    public async Task Every_tenant_owned_table_has_a_sized_indexed_TenantId(string table)
    {
        var type = await f.Database.ScalarAsync(
            $"SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND COLUMN_NAME = 'TenantId'");
        var leadingIndexes = await f.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND COLUMN_NAME = 'TenantId' AND SEQ_IN_INDEX = 1");
        Assert.Equal("char(36)", type?.ToString());
        Assert.True(Convert.ToInt64(leadingIndexes) >= 1);
    }

    [Fact]
    public void Every_tenant_owned_entity_in_the_model_has_a_tenant_query_filter()
    {
        using var scope = f.Factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
        var owned = model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();
        Assert.NotEmpty(owned);
        Assert.All(owned, e => Assert.Contains(nameof(ITenantOwned.TenantId), e.GetQueryFilter()?.ToString() ?? ""));
    }

    [Fact]
    public async Task A_tenant_with_its_own_connection_string_keeps_its_rows_on_that_database()
    {
        await using var own = await TestDatabase.CreateAsync();
        var tenant = await f.CreateTenantAsync();
        tenant = tenant with { ConnectionString = own.ConnectionString };
        var user = await f.CreateUserAsync();
        await f.GrantAsync(tenant, user, TenantRole.Committee);
        Assert.Equal(1L, Convert.ToInt64(await own.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{user.Id}'")));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{user.Id}'")));
    }
}
