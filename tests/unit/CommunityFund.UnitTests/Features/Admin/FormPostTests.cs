using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Members;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Admin;

/// <summary>Bad input posted through the real forms: the page comes back with our localised messages and nothing is saved.</summary>
public class FormPostTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private HttpClient Client() => f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Creating_a_tenant_with_a_bad_slug_and_empty_fields_shows_only_our_Chinese_messages()
    {
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var client = Client();
        await HttpLogin.SignInAsync(client, null, admin.Email!, SliceFixture.Password);
        var before = await f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().Tenants.CountAsync());

        var response = await HttpLogin.PostFormAsync(client, "/admin/tenants/create", new Dictionary<string, string>
        {
            ["Input.Identifier"] = "Bad Slug", ["Input.NameZh"] = "", ["Input.NameEn"] = "", ["Input.District"] = "", ["Input.ConnectionString"] = "",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("标识只能使用小写英文字母", html);
        Assert.Contains("请填写中文名称", html);
        Assert.DoesNotContain("field is required", html);
        Assert.Contains("value=\"Bad Slug\"", html); // what the user typed is kept
        Assert.Equal(before, await f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().Tenants.CountAsync()));
    }

    [Fact]
    public async Task Inviting_with_an_unknown_role_shows_the_role_message_in_English_when_English_is_chosen()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        var client = Client();
        await HttpLogin.SignInAsync(client, tenant.Identifier, secretary.Email!, SliceFixture.Password);

        var response = await HttpLogin.PostFormAsync(client, $"/{tenant.Identifier}/members/invite?culture=en", new Dictionary<string, string>
        {
            ["Input.Email"] = "someone@example.org", ["Input.Role"] = "Treasurer",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a valid role", html);
        Assert.Equal(0, await f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Invitation>().CountAsync()));
    }

    [Fact]
    public async Task Registering_through_the_form_with_a_common_password_keeps_the_typed_email_and_creates_nobody()
    {
        var before = await f.CountUsersAsync();
        var response = await HttpLogin.PostFormAsync(Client(), "/account/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "居民乙", ["Input.Email"] = "resident@example.org", ["Input.Password"] = "12345678", ["Input.ConfirmPassword"] = "12345678",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("这个密码太常见", html);
        Assert.Contains("value=\"resident@example.org\"", html);
        Assert.Equal(before, await f.CountUsersAsync());
    }
}
