using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Admin.Tenants;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Admin;

public class CreateTenantTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static CreateModel.Command Tenant(string identifier) =>
        new() { Identifier = identifier, NameZh = "新街道社区基金", NameEn = "New Sub-district Fund", District = "重庆市渝中区" };

    private Task<int> TenantCountAsync() => f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().Tenants.CountAsync());

    [Theory]
    [InlineData("with space")]
    [InlineData("UpperCase")]
    [InlineData("石坪桥")]
    [InlineData("trailing-")]
    [InlineData("under_score")]
    public async Task A_malformed_slug_is_refused_with_a_clear_message_and_nothing_is_saved(string slug)
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var before = await TenantCountAsync();
        var ex = await UiCulture.InAsync("zh-CN", () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Tenant(slug), admin)));
        Assert.Contains("小写英文字母、数字和连字符", Assert.Single(ex.Errors, e => e.PropertyName == "Identifier").ErrorMessage);
        Assert.Equal(before, await TenantCountAsync());
    }

    [Fact]
    public async Task The_message_is_in_English_for_English_users()
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var ex = await UiCulture.InAsync("en", () => Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Tenant("Has Space"), admin)));
        Assert.Contains("lowercase letters, digits and hyphens", Assert.Single(ex.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_reserved_or_taken_slug_is_refused()
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var existing = await f.CreateTenantAsync();
        var reserved = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Tenant("admin"), admin));
        var taken = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Tenant(existing.Identifier), admin));
        Assert.Contains("保留", Assert.Single(reserved.Errors).ErrorMessage);
        Assert.Contains("已被使用", Assert.Single(taken.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_platform_admin_creates_a_tenant_with_Chinese_names_intact()
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var slug = "new-" + Guid.NewGuid().ToString("N")[..8];
        var command = Tenant(slug);
        command.NameZh = "𠀀石坪桥街道社区阳光基金☀";
        var id = await f.SendAsync(command, admin);
        var stored = await f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().Tenants.SingleAsync(t => t.Id == id));
        Assert.Equal(slug, stored.Identifier);
        Assert.Equal("𠀀石坪桥街道社区阳光基金☀", stored.NameZh);
        Assert.Equal(TenantStatus.Active, stored.Status);
    }

    [Fact]
    public async Task Only_platform_admins_may_create_tenants()
    {
        var user = await f.CreateUserAsync();
        var before = await TenantCountAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Tenant("someone-" + Guid.NewGuid().ToString("N")[..6]), user));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Tenant("anonymous-" + Guid.NewGuid().ToString("N")[..6])));
        Assert.Equal(before, await TenantCountAsync());
    }

    [Fact]
    public async Task Suspending_and_reactivating_a_tenant_takes_effect_at_once()
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var tenant = await f.CreateTenantAsync();
        var client = f.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/{tenant.Identifier}/account/login")).StatusCode);

        await f.SendAsync(new IndexModel.SetStatus { TenantId = tenant.Id, Status = TenantStatus.Suspended }, admin);
        Assert.Equal(System.Net.HttpStatusCode.Gone, (await client.GetAsync($"/{tenant.Identifier}/account/login")).StatusCode);

        await f.SendAsync(new IndexModel.SetStatus { TenantId = tenant.Id, Status = TenantStatus.Active }, admin);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/{tenant.Identifier}/account/login")).StatusCode);
    }
}
