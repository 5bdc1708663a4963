using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Invitations;
using CommunityFund.Web.Features.Members;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Members;

public class InvitationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<(TenantInfo Tenant, AppUser Secretary)> TenantWithSecretaryAsync()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        return (tenant, secretary);
    }

    /// <summary>The link in the newest mail to <paramref name="email"/>; the token is only ever in the mail.</summary>
    private string TokenMailedTo(string email)
    {
        var file = Directory.GetFiles(f.MailDirectory, "*.eml")
            .Select(p => (Path: p, Message: MimeKit.MimeMessage.Load(p)))
            .Where(m => m.Message.To.Mailboxes.Any(a => a.Address == email))
            .OrderBy(m => File.GetLastWriteTimeUtc(m.Path)).Last();
        var body = file.Message.TextBody ?? "";
        var marker = "/invitations/";
        var start = body.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return new string(body[start..].TakeWhile(c => !char.IsWhiteSpace(c)).ToArray());
    }

    [Theory]
    [InlineData("Treasurer")]
    [InlineData("PlatformAdmin")]
    [InlineData("99")]
    [InlineData("")]
    public async Task An_unknown_role_is_refused_with_a_clear_message_and_nothing_is_saved(string role)
    {
        var (tenant, secretary) = await TenantWithSecretaryAsync();
        var ex = await UiCulture.InAsync("zh-CN", () => Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new InviteModel.Command { Email = "new@example.org", Role = role }, secretary, tenant)));
        Assert.Contains("请选择有效的角色", Assert.Single(ex.Errors, e => e.PropertyName == "Role").ErrorMessage);
        Assert.Equal(0, await f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Invitation>().CountAsync()));
    }

    [Fact]
    public async Task Only_the_secretariat_may_invite()
    {
        var (tenant, _) = await TenantWithSecretaryAsync();
        var judge = await f.CreateUserAsync();
        await f.GrantAsync(tenant, judge, TenantRole.Judge);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new InviteModel.Command { Email = "x@example.org", Role = "Committee" }, judge, tenant));
    }

    [Fact]
    public async Task An_invitation_is_mailed_and_accepting_it_grants_the_role_in_that_tenant_only()
    {
        var (tenant, secretary) = await TenantWithSecretaryAsync();
        var other = await f.CreateTenantAsync();
        var invitee = await f.CreateUserAsync();
        await f.SendAsync(new InviteModel.Command { Email = invitee.Email!, Role = "Committee" }, secretary, tenant);
        var token = TokenMailedTo(invitee.Email!);

        // The same token means nothing in another tenant.
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new AcceptModel.Command { Token = token }, invitee, other));
        await f.SendAsync(new AcceptModel.Command { Token = token }, invitee, tenant);

        var roles = await f.InScopeAsync(tenant, invitee, sp => sp.GetRequiredService<ICurrentUser>().GetTenantRolesAsync());
        var rolesElsewhere = await f.InScopeAsync(other, invitee, sp => sp.GetRequiredService<ICurrentUser>().GetTenantRolesAsync());
        Assert.Equal([TenantRole.Committee], roles);
        Assert.Empty(rolesElsewhere);
        var again = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new AcceptModel.Command { Token = token }, invitee, tenant));
        Assert.Contains("已被接受", Assert.Single(again.Errors).ErrorMessage);
    }

    [Fact]
    public async Task An_invitation_cannot_be_accepted_by_another_account()
    {
        var (tenant, secretary) = await TenantWithSecretaryAsync();
        var stranger = await f.CreateUserAsync();
        await f.SendAsync(new InviteModel.Command { Email = "intended@example.org", Role = "Auditor" }, secretary, tenant);
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new AcceptModel.Command { Token = TokenMailedTo("intended@example.org") }, stranger, tenant));
        Assert.Contains("intended@example.org", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Empty(await f.InScopeAsync(tenant, stranger, sp => sp.GetRequiredService<ICurrentUser>().GetTenantRolesAsync()));
    }

    [Fact]
    public async Task A_platform_admin_invites_a_tenants_first_secretary()
    {
        var tenant = await f.CreateTenantAsync();
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var first = await f.CreateUserAsync();
        await f.SendAsync(new CommunityFund.Web.Features.Admin.Tenants.InviteModel.Command { Email = first.Email! }, admin, tenant);
        await f.SendAsync(new AcceptModel.Command { Token = TokenMailedTo(first.Email!) }, first, tenant);
        Assert.Equal([TenantRole.Secretariat], await f.InScopeAsync(tenant, first, sp => sp.GetRequiredService<ICurrentUser>().GetTenantRolesAsync()));
    }

    [Fact]
    public async Task A_tenant_secretary_cannot_use_the_platform_invitation()
    {
        var (tenant, secretary) = await TenantWithSecretaryAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new CommunityFund.Web.Features.Admin.Tenants.InviteModel.Command { Email = "x@example.org" }, secretary, tenant));
    }

    [Fact]
    public async Task The_platform_invitation_page_names_the_fund_for_an_admin_only()
    {
        var (tenant, secretary) = await TenantWithSecretaryAsync();
        var admin = await f.CreateUserAsync(platformAdmin: true);
        var url = $"/admin/tenants/{tenant.Id}/invite";

        var asAdmin = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(asAdmin, null, admin.Email!, SliceFixture.Password);
        var page = await asAdmin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(tenant.NameZh, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await asAdmin.GetAsync($"/admin/tenants/{Guid.NewGuid()}/invite")).StatusCode);

        var asSecretary = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(asSecretary, null, secretary.Email!, SliceFixture.Password);
        var refused = await asSecretary.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(tenant.NameZh, await refused.Content.ReadAsStringAsync());
    }
}
