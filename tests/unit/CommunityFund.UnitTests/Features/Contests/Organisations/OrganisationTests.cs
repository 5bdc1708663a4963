using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Contests.Organisations;

public class OrganisationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private sealed record World(TenantInfo Tenant, AppUser Secretary, AppUser Member, AppUser Committee);

    private async Task<World> NewWorldAsync()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        var member = await f.CreateUserAsync();
        var committee = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        await f.GrantAsync(tenant, member, TenantRole.OrgMember);
        await f.GrantAsync(tenant, committee, TenantRole.Committee);
        return new World(tenant, secretary, member, committee);
    }

    /// <summary>A fresh valid code: 民政 (5), 民办非企业单位 (2), 渝中区 (500103), a random organisation code.</summary>
    private static string NewCode()
    {
        var body = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return UnifiedSocialCreditCode.Create("52500103" + body + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body)).Value;
    }

    private static RegisterModel.Command Registration(string? code = null, string name = "渝中区阳光助老服务中心") => new()
    {
        Name = name, CreditCode = code ?? NewCode(), Category = "SocialService",
        ContactPerson = "王芳", Phone = "13812345678", Address = "重庆市渝中区石油路街道 12 号",
    };

    private Task<int> CountAsync<T>(TenantInfo tenant) where T : class =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<T>().CountAsync());

    private Task<Organisation> LoadAsync(TenantInfo tenant, Guid id) =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Organisation>().AsNoTracking().SingleAsync(o => o.Id == id));

    [Fact]
    public async Task Self_registration_creates_a_pending_organisation_and_makes_the_registrant_its_member()
    {
        var w = await NewWorldAsync();
        var code = NewCode();
        var id = await f.SendAsync(Registration(" " + code.ToLowerInvariant() + " "), w.Member, w.Tenant);

        var o = await LoadAsync(w.Tenant, id);
        Assert.Equal(code, o.CreditCode); // trimmed and upper-cased
        Assert.Equal(VerificationStatus.Pending, o.Status);
        Assert.Equal(RegistrationChannel.SelfRegistered, o.Channel);
        Assert.Equal(OrganisationCategory.SocialService, o.Category);
        Assert.Equal(w.Member.Id, o.RegisteredBy);
        Assert.Null(o.VerifiedBy);
        var members = await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<OrganisationMember>().ToListAsync());
        var membership = Assert.Single(members);
        Assert.Equal((id, w.Member.Id), (membership.OrganisationId, membership.UserId));
    }

    [Fact]
    public async Task Only_an_organisation_member_registers_their_own_organisation()
    {
        var w = await NewWorldAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Registration(), w.Committee, w.Tenant));
        Assert.Equal(0, await CountAsync<Organisation>(w.Tenant));
    }

    [Fact]
    public async Task The_secretariat_registers_an_organisation_met_on_a_visit_and_may_verify_it_at_once()
    {
        var w = await NewWorldAsync();
        var pending = await f.SendAsync(new CollectModel.Command
        {
            Name = "石油路社区书画协会", CreditCode = NewCode(), Category = "Culture", ContactPerson = "李伟", Phone = "023-63801234", Address = "石油路 8 号",
        }, w.Secretary, w.Tenant);
        var verified = await f.SendAsync(new CollectModel.Command
        {
            Name = "大坪青少年科学社", CreditCode = NewCode(), Category = "Research", ContactPerson = "赵敏", Phone = "02368881234", Address = "大坪正街 3 号", VerifyNow = true,
        }, w.Secretary, w.Tenant);

        var a = await LoadAsync(w.Tenant, pending);
        Assert.Equal((VerificationStatus.Pending, RegistrationChannel.CollectedOnVisit, OrganisationCategory.Culture), (a.Status, a.Channel, a.Category));
        var b = await LoadAsync(w.Tenant, verified);
        Assert.Equal((VerificationStatus.Verified, RegistrationChannel.CollectedOnVisit), (b.Status, b.Channel));
        Assert.Equal(w.Secretary.Id, b.VerifiedBy);
        Assert.NotNull(b.VerifiedAt);
        Assert.Equal(0, await CountAsync<OrganisationMember>(w.Tenant)); // nobody acts for a collected organisation yet
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new CollectModel.Command
        {
            Name = "x", CreditCode = NewCode(), Category = "Culture", ContactPerson = "x", Phone = "13812345678", Address = "x",
        }, w.Member, w.Tenant));
    }

    [Fact]
    public async Task The_secretariat_verifies_a_pending_organisation()
    {
        var w = await NewWorldAsync();
        var id = await f.SendAsync(Registration(), w.Member, w.Tenant);
        var status = await f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = true }, w.Secretary, w.Tenant);

        Assert.Equal(VerificationStatus.Verified, status);
        var o = await LoadAsync(w.Tenant, id);
        Assert.Equal((VerificationStatus.Verified, (Guid?)w.Secretary.Id), (o.Status, o.VerifiedBy));
        var again = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = true }, w.Secretary, w.Tenant));
        Assert.Contains("已认证", Assert.Single(again.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_a_rejected_organisation_can_be_verified_later()
    {
        var w = await NewWorldAsync();
        var id = await f.SendAsync(Registration(), w.Member, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = false, Reason = "  " }, w.Secretary, w.Tenant));
        Assert.Contains("请写明原因", Assert.Single(ex.Errors, e => e.PropertyName == "Reason").ErrorMessage);
        Assert.Equal(VerificationStatus.Pending, (await LoadAsync(w.Tenant, id)).Status);

        await f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = false, Reason = "登记证书已过期" }, w.Secretary, w.Tenant);
        var rejected = await LoadAsync(w.Tenant, id);
        Assert.Equal((VerificationStatus.Rejected, "登记证书已过期"), (rejected.Status, rejected.RejectionReason));

        await f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = true }, w.Secretary, w.Tenant);
        var verified = await LoadAsync(w.Tenant, id);
        Assert.Equal(VerificationStatus.Verified, verified.Status);
        Assert.Null(verified.RejectionReason);
    }

    [Fact]
    public async Task Only_the_secretariat_decides()
    {
        var w = await NewWorldAsync();
        var id = await f.SendAsync(Registration(), w.Member, w.Tenant);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = true }, w.Member, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new DetailModel.Command { OrganisationId = id, Verify = false, Reason = "不符合" }, w.Committee, w.Tenant));
        Assert.Equal(VerificationStatus.Pending, (await LoadAsync(w.Tenant, id)).Status);
    }

    public static TheoryData<string, string, string, string> BadInputs()
    {
        var valid = UnifiedSocialCreditCode.Create("52500103" + "12345678" + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter("12345678")).Value;
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var fullWidth = (char)(valid[0] - '0' + '０') + valid[1..];
        return new TheoryData<string, string, string, string>
        {
            { "CreditCode", wrongCheck, "CreditCode", "校验码不正确" },
            { "CreditCode", valid[..17], "CreditCode", "应为 18 位" },
            { "CreditCode", fullWidth, "CreditCode", "第 1 位是全角字符" },
            { "CreditCode", "", "CreditCode", "请填写统一社会信用代码" },
            { "CreditCode", valid[..7] + "I" + valid[8..], "CreditCode", "第 8 位不是有效字符" },
            { "Category", "Sports", "Category", "七个服务领域" },
            { "Category", "3", "Category", "七个服务领域" },
            { "Phone", "12345678901", "Phone", "11 位手机号" },
            { "Phone", "63801234", "Phone", "带区号的固定电话" },
            { "Phone", "", "Phone", "请填写联系电话" },
            { "Name", "", "Name", "请填写组织名称" },
            { "Name", new string('社', 101), "Name", "不能超过 100 个字" },
            { "ContactPerson", " ", "ContactPerson", "请填写联系人" },
            { "Address", new string('路', 201), "Address", "不能超过 200 个字" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_with_its_own_message_and_nothing_is_saved(string field, string value, string errorField, string expected)
    {
        var w = await NewWorldAsync();
        var command = Registration();
        typeof(RegisterModel.Command).GetProperty(field)!.SetValue(command, value);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, w.Member, w.Tenant));

        Assert.Contains(expected, Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(errorField, ex.Errors.Single().PropertyName);
        Assert.Equal(0, await CountAsync<Organisation>(w.Tenant));
        Assert.Equal(0, await CountAsync<OrganisationMember>(w.Tenant));
    }

    [Fact]
    public async Task Credit_code_messages_are_in_English_when_English_is_chosen()
    {
        var w = await NewWorldAsync();
        var valid = NewCode();
        var ex = await UiCulture.InAsync("en", () => Assert.ThrowsAsync<ValidationException>(
            () => f.SendAsync(Registration(valid[..17] + (valid[17] == '0' ? '1' : '0')), w.Member, w.Tenant)));
        Assert.Contains("check digit", Assert.Single(ex.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_code_already_registered_in_the_tenant_is_refused_but_another_tenant_may_use_it()
    {
        var w = await NewWorldAsync();
        var other = await NewWorldAsync();
        var code = NewCode();
        await f.SendAsync(Registration(code), w.Member, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new CollectModel.Command
        {
            Name = "另一个名字", CreditCode = code.ToLowerInvariant(), Category = "Charity", ContactPerson = "李", Phone = "13900001111", Address = "某路",
        }, w.Secretary, w.Tenant));
        Assert.Contains($"{code} 已经登记过", Assert.Single(ex.Errors, e => e.PropertyName == "CreditCode").ErrorMessage);
        Assert.Equal(1, await CountAsync<Organisation>(w.Tenant));

        await f.SendAsync(Registration(code), other.Member, other.Tenant);
        Assert.Equal(1, await CountAsync<Organisation>(other.Tenant));
    }

    [Fact]
    public async Task An_organisation_member_sees_only_their_own_organisations()
    {
        var w = await NewWorldAsync();
        var neighbour = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, neighbour, TenantRole.OrgMember);
        var mine = await f.SendAsync(Registration(), w.Member, w.Tenant);
        var theirs = await f.SendAsync(Registration(name: "邻里互助会"), neighbour, w.Tenant);

        var list = await f.SendAsync(new IndexModel.Query(), w.Member, w.Tenant);
        Assert.Equal([mine], list.Rows.Select(r => r.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { OrganisationId = theirs }, w.Member, w.Tenant));
        Assert.Equal(mine, (await f.SendAsync(new DetailModel.Query { OrganisationId = mine }, w.Member, w.Tenant)).Id);

        foreach (var everyone in new[] { w.Secretary, w.Committee })
            Assert.Equal(2, (await f.SendAsync(new IndexModel.Query(), everyone, w.Tenant)).Rows.Count);
    }

    [Fact]
    public async Task Another_tenants_organisation_is_not_found()
    {
        var w = await NewWorldAsync();
        var other = await NewWorldAsync();
        var theirs = await f.SendAsync(Registration(), other.Member, other.Tenant);

        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { OrganisationId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Command { OrganisationId = theirs, Verify = true }, w.Secretary, w.Tenant));
        Assert.Equal(VerificationStatus.Pending, (await LoadAsync(other.Tenant, theirs)).Status);
        Assert.Empty((await f.SendAsync(new IndexModel.Query(), w.Secretary, w.Tenant)).Rows);
    }

    [Fact]
    public async Task A_wrong_check_digit_posted_through_the_form_shows_the_Chinese_message_and_keeps_what_was_typed()
    {
        var w = await NewWorldAsync();
        var other = await NewWorldAsync();
        var theirs = await f.SendAsync(Registration(), other.Member, other.Tenant);
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, w.Member.Email!, SliceFixture.Password);
        var valid = NewCode();
        var typed = valid[..17] + (valid[17] == '0' ? '1' : '0');

        var response = await HttpLogin.PostFormAsync(client, $"/{w.Tenant.Identifier}/organisations/register", new Dictionary<string, string>
        {
            ["Input.Name"] = "阳光助老服务中心", ["Input.CreditCode"] = typed, ["Input.Category"] = "Health",
            ["Input.ContactPerson"] = "王芳", ["Input.Phone"] = "13812345678", ["Input.Address"] = "石油路 12 号",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("最后一位校验码不正确", html);
        Assert.Contains($"value=\"{typed}\"", html);
        Assert.Contains("value=\"阳光助老服务中心\"", html);
        Assert.DoesNotContain("is invalid", html);
        Assert.Equal(0, await CountAsync<Organisation>(w.Tenant));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{w.Tenant.Identifier}/organisations/{theirs}")).StatusCode);
    }

    [Fact]
    public async Task The_pages_render_for_the_secretariat_and_for_a_member()
    {
        var w = await NewWorldAsync();
        var t = w.Tenant.Identifier;
        var secretary = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(secretary, t, w.Secretary.Email!, SliceFixture.Password);
        Assert.Contains("data-testid=\"organisations-empty\"", await secretary.GetStringAsync($"/{t}/organisations"));
        Assert.Contains("Input.VerifyNow", await secretary.GetStringAsync($"/{t}/organisations/collect"));

        var member = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(member, t, w.Member.Email!, SliceFixture.Password);
        var response = await HttpLogin.PostFormAsync(member, $"/{t}/organisations/register", new Dictionary<string, string>
        {
            ["Input.Name"] = "阳光助老服务中心", ["Input.CreditCode"] = NewCode(), ["Input.Category"] = "Health",
            ["Input.ContactPerson"] = "王芳", ["Input.Phone"] = "023-6380 1234", ["Input.Address"] = "石油路 12 号",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = response.Headers.Location!.OriginalString;
        Assert.Contains("等待秘书处审核", await member.GetStringAsync(detail));
        Assert.DoesNotContain("data-testid=\"decide-form\"", await member.GetStringAsync(detail));

        var list = await secretary.GetStringAsync($"/{t}/organisations");
        Assert.Contains("阳光助老服务中心", list);
        Assert.Contains("待审核", list);
        var page = await secretary.GetStringAsync(detail);
        Assert.Contains("data-testid=\"decide-form\"", page);
        Assert.Contains("023-63801234", page);
    }
}
