using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Members;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Members;

/// <summary>The whole invitation journey over HTTP: mail → link → register inside the tenant → accept → member.</summary>
public class InvitationByRegistrationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task A_new_person_follows_the_mailed_link_registers_and_becomes_a_member()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        var email = $"judge-{Guid.NewGuid():N}@example.org";
        await f.SendAsync(new InviteModel.Command { Email = email, Role = "Judge" }, secretary, tenant);

        var mail = Directory.GetFiles(f.MailDirectory, "*.eml").Select(p => MimeKit.MimeMessage.Load(p)).Single(m => m.To.Mailboxes.Any(a => a.Address == email));
        var link = new Uri(mail.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("http", StringComparison.Ordinal)));
        Assert.StartsWith($"/{tenant.Identifier}/invitations/", link.AbsolutePath);

        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var invitationPage = await client.GetStringAsync(link.AbsolutePath);
        Assert.Contains("专家评委", invitationPage);
        Assert.Contains($"/{tenant.Identifier}/account/register", invitationPage);

        var registered = await HttpLogin.PostFormAsync(client, $"/{tenant.Identifier}/account/register?returnUrl={Uri.EscapeDataString(link.AbsolutePath)}",
            new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "新评委", ["Input.Email"] = email, ["Input.Password"] = "a judge's long passphrase", ["Input.ConfirmPassword"] = "a judge's long passphrase",
                ["ReturnUrl"] = link.AbsolutePath,
            });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal($"/{tenant.Identifier}/account/check-email?returnUrl={Uri.EscapeDataString(link.AbsolutePath)}", registered.Headers.Location!.OriginalString);
        await HttpLogin.SignInAsync(client, tenant.Identifier, email, "a judge's long passphrase"); // registering signs nobody in
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{tenant.Identifier}")).StatusCode); // not a member yet

        var accepted = await HttpLogin.PostFormAsync(client, link.AbsolutePath, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = await client.GetAsync($"/{tenant.Identifier}");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("专家评委", await home.Content.ReadAsStringAsync());
    }
}
