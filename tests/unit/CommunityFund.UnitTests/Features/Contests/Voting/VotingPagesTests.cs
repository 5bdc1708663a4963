using CommunityFund.Web.Infrastructure.Web;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Contests.Voting;

namespace CommunityFund.UnitTests.Features.Contests.Voting;

/// <summary>The vote, QR and tally pages over HTTP, as a resident's phone, the secretariat's laptop and the big screen reach them.</summary>
public partial class VotingPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private HttpClient Client() => f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [GeneratedRegex("src=\"data:image/png;base64,([^\"]+)\"")]
    private static partial Regex DataUri();

    [GeneratedRegex(@"http\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();

    [Fact]
    public async Task An_anonymous_resident_is_sent_to_sign_in_registers_there_and_votes_once()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"), runningOrder: 1);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管"), runningOrder: 2);
        await w.AddProposalAsync(ProposalStatus.Rejected, ContestWorld.SampleContent("未通过的提案"));
        var t = w.Tenant.Identifier;
        var voteUrl = $"/{t}/contests/{w.ContestId}/vote";
        var client = Client();

        var challenge = await client.GetAsync(voteUrl);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal($"/{t}/account/login?returnUrl={Uri.EscapeDataString(voteUrl)}", challenge.Headers.Location!.OriginalString);
        var login = await client.GetStringAsync(challenge.Headers.Location!.OriginalString);
        var registerUrl = $"/{t}/account/register?returnUrl={Uri.EscapeDataString(voteUrl)}";
        Assert.Contains($"href=\"{registerUrl}\"", login.Replace("&amp;", "&"));

        var email = $"r{Guid.NewGuid():N}@example.org";
        var registered = await HttpLogin.PostFormAsync(client, registerUrl, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "李居民", ["Input.Email"] = email,
            ["Input.Password"] = SliceFixture.Password, ["Input.ConfirmPassword"] = SliceFixture.Password, ["ReturnUrl"] = voteUrl,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal($"/{t}/account/check-email?returnUrl={Uri.EscapeDataString(voteUrl)}", registered.Headers.Location!.OriginalString);
        await HttpLogin.SignInAsync(client, t, email, SliceFixture.Password); // registering signs nobody in

        // Not yet a verified resident: the page asks for the e-mail confirmation, and a vote posted anyway is refused.
        var unconfirmed = await client.GetStringAsync(voteUrl);
        Assert.Contains("data-testid=\"confirm-email-first\"", unconfirmed);
        Assert.DoesNotContain("data-testid=\"vote-form\"", unconfirmed);
        var early = await client.PostAsync(voteUrl, new FormUrlEncodedContent(
            [new("Input.ProposalIds", a.ToString()), new("__RequestVerificationToken", await HttpLogin.AntiforgeryTokenAsync(client, voteUrl))]));
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("请先验证邮箱", await early.Content.ReadAsStringAsync());
        Assert.Equal(0, await w.ReadAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<ResidentBallot>())));

        // The link in the confirmation e-mail confirms the address and leads back to the vote.
        var mail = Assert.Single(Directory.GetFiles(f.MailDirectory, "*.eml").Select(p => MimeKit.MimeMessage.Load(p)),
            m => m.To.Mailboxes.Any(x => x.Address == email));
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith($"{SiteAddress.DefaultBaseUrl}/{t}/account/confirm-email?userId=", link); // App:BaseUrl, never the request's host
        var tampered = await client.GetStringAsync(new Uri(link.Replace("code=", "code=x")).PathAndQuery);
        Assert.Contains("data-testid=\"email-not-confirmed\"", tampered);
        var confirmed = await client.GetStringAsync(new Uri(link).PathAndQuery);
        Assert.Contains("data-testid=\"email-confirmed\"", confirmed);
        Assert.Contains($"href=\"{voteUrl}\"", confirmed);

        var page = await client.GetStringAsync(voteUrl);
        Assert.Contains("data-testid=\"vote-form\"", page);
        Assert.Contains("社区长者助餐", page);
        Assert.DoesNotContain("未通过的提案", page);
        Assert.Contains("data-confirm=\"投票后不能修改", page);
        Assert.Contains("data-limit=\"3\"", page);

        var token = await HttpLogin.AntiforgeryTokenAsync(client, voteUrl);
        var cast = await client.PostAsync(voteUrl, new FormUrlEncodedContent(
        [
            new("Input.ProposalIds", a.ToString()), new("Input.ProposalIds", b.ToString()), new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, cast.StatusCode);
        var after = await client.GetStringAsync(voteUrl);
        Assert.Contains("你已投票", after);
        Assert.Contains("困境儿童课后托管", after);
        Assert.DoesNotContain("data-testid=\"vote-form\"", after);

        // A second post (a stale tab) is refused on the page, not with an error page.
        var again = await client.PostAsync(voteUrl, new FormUrlEncodedContent(
            [new("Input.ProposalIds", a.ToString()), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("已经在本次大赛中投过票", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await w.ReadAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<ResidentBallot>())));
    }

    [Fact]
    public async Task Before_the_roadshow_the_vote_page_says_voting_has_not_started()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Refining);
        await w.AddProposalAsync(ProposalStatus.Accepted, runningOrder: 1);
        var resident = await f.CreateUserAsync();
        var client = Client();
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, resident.Email!, SliceFixture.Password);

        var page = await client.GetStringAsync($"/{w.Tenant.Identifier}/contests/{w.ContestId}/vote");
        Assert.Contains("投票尚未开始", page);
        Assert.DoesNotContain("data-testid=\"vote-form\"", page);
    }

    [Fact]
    public async Task The_qr_page_shows_a_png_of_the_absolute_vote_address_to_tenant_staff()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var t = w.Tenant.Identifier;
        var baseUrl = f.Factory.Services.GetRequiredService<IConfiguration>()["App:BaseUrl"]!.TrimEnd('/');
        var expected = $"{baseUrl}/{t}/contests/{w.ContestId}/vote";
        var qrUrl = $"/{t}/contests/{w.ContestId}/vote/qr";
        var client = Client();
        await HttpLogin.SignInAsync(client, t, w.Secretary.Email!, SliceFixture.Password);

        var page = await client.GetStringAsync(qrUrl);
        Assert.Contains(expected, page);
        Assert.Contains("2026 年社区公益提案大赛", page);
        var embedded = Convert.FromBase64String(WebUtility.HtmlDecode(DataUri().Match(page).Groups[1].Value));
        Assert.Equal(PngMagic, embedded[..8]);

        var png = await client.GetAsync(qrUrl + "?handler=Png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngMagic, bytes[..8]);
        Assert.Equal(embedded, bytes);
        Assert.Equal(VoteQrCode.Png(expected), bytes); // the code encodes exactly the printed address

        // Residents are not tenant staff; anonymous visitors are sent to sign in.
        var resident = await f.CreateUserAsync();
        var residentClient = Client();
        await HttpLogin.SignInAsync(residentClient, t, resident.Email!, SliceFixture.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await residentClient.GetAsync(qrUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Client().GetAsync(qrUrl)).StatusCode);
    }

    [Fact]
    public async Task The_tally_counts_votes_for_anyone_as_json_and_as_a_page_from_the_roadshow_on()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Roadshow);
        var a = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("社区长者助餐"), runningOrder: 1);
        var b = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("困境儿童课后托管"), runningOrder: 2);
        var c = await w.AddProposalAsync(ProposalStatus.Accepted, ContestWorld.SampleContent("楼栋议事会"), runningOrder: 3);
        foreach (var choice in new[] { new[] { a, b }, [a], [a, c] })
            await f.SendAsync(new VoteModel.Cast { ContestId = w.ContestId, ProposalIds = [.. choice] }, await f.CreateUserAsync(), w.Tenant);
        var t = w.Tenant.Identifier;
        var anonymous = Client();

        var json = await anonymous.GetAsync($"/{t}/contests/{w.ContestId}/tally?handler=Data");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("ballots").GetInt32());
        Assert.Equal(5, root.GetProperty("votes").GetInt32());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([a, b, c], rows.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal([3, 1, 1], rows.Select(r => r.GetProperty("votes").GetInt32()));
        Assert.Equal([100m, 33.3m, 33.3m], rows.Select(r => r.GetProperty("percent").GetDecimal()));

        var page = await anonymous.GetStringAsync($"/{t}/contests/{w.ContestId}/tally");
        Assert.Contains("data-testid=\"tally-ballots\" id=\"tally-ballots\">3<", page);
        Assert.Contains("style=\"width: 33.3%\"", page);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"5\" /></noscript>", page);
        Assert.Contains("?handler=Data", page);

        await w.SetStageAsync(ContestStage.ScoringClosed);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/{t}/contests/{w.ContestId}/tally")).StatusCode);
        await w.SetStageAsync(ContestStage.Collecting);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/{t}/contests/{w.ContestId}/tally")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/{t}/contests/{w.ContestId}/tally?handler=Data")).StatusCode);
    }
}
