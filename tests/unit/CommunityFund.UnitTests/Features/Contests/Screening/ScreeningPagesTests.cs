using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;

// Not "...Contests.Screening": that namespace would hide ContestStage.Screening from tests that use `using static ContestStage`.
namespace CommunityFund.UnitTests.Features.Contests.ScreeningFeature;

/// <summary>The screening, commitment and comment pages over HTTP: they render, forms bind, refusals come back on the page in Chinese.</summary>
public class ScreeningPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private HttpClient Client() => f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task The_secretariat_uses_every_page_and_sees_refusals_in_chinese()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var t = w.Tenant.Identifier;
        var client = Client();
        await HttpLogin.SignInAsync(client, t, w.Secretary.Email!, SliceFixture.Password);

        var queue = await client.GetStringAsync($"/{t}/contests/{w.ContestId}/screening");
        Assert.Contains("data-testid=\"awaiting\"", queue);
        Assert.Contains("困境儿童课后托管", queue);
        Assert.Contains("data-testid=\"returned-empty\"", queue);

        var screening = $"/{t}/proposals/{id}/screening";
        var page = await client.GetStringAsync(screening);
        Assert.Contains("辅导老师劳务费", page);
        Assert.Contains("¥12,000.00", page);
        Assert.Contains("data-confirm=", page);
        Assert.Contains($"href=\"/{t}/proposals/{id}\"", page);

        var noReason = await HttpLogin.PostFormAsync(client, screening, screening + "/reject", new Dictionary<string, string> { ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("请填写不予受理的理由", await noReason.Content.ReadAsStringAsync());

        var returned = await HttpLogin.PostFormAsync(client, screening, screening + "/return",
            new Dictionary<string, string> { ["Input.Fixes"] = "补充受益人名单\n说明劳务费单价依据" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var after = await client.GetStringAsync(returned.Headers.Location!.OriginalString);
        Assert.Contains("data-testid=\"fix-list\"", after);
        Assert.Contains("说明劳务费单价依据", after);
        Assert.Contains("data-testid=\"cannot-decide\"", after);

        var again = await HttpLogin.PostFormAsync(client, screening, screening + "/return", new Dictionary<string, string> { ["Input.Fixes"] = "再一条" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("一次性告知", await again.Content.ReadAsStringAsync());

        Assert.Contains("data-testid=\"commitments-empty\"", await client.GetStringAsync($"/{t}/proposals/{id}/commitments"));
        Assert.Contains("data-testid=\"commitments-empty\"", await client.GetStringAsync($"/{t}/contests/commitments?state=overdue"));
        var comments = await client.GetStringAsync($"/{t}/proposals/{id}/comments");
        Assert.Contains("data-testid=\"comments-empty\"", comments);

        var emptyComment = await HttpLogin.PostFormAsync(client, $"/{t}/proposals/{id}/comments", new Dictionary<string, string> { ["Input.Body"] = " " });
        Assert.Equal(HttpStatusCode.OK, emptyComment.StatusCode);
        Assert.Contains("请填写留言内容", await emptyComment.Content.ReadAsStringAsync());
        var posted = await HttpLogin.PostFormAsync(client, $"/{t}/proposals/{id}/comments", new Dictionary<string, string> { ["Input.Body"] = "请按清单修改后重新提交。" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("请按清单修改后重新提交。", await client.GetStringAsync($"/{t}/proposals/{id}/comments"));
        var parent = await w.ReadAsync(db => db.Set<ProposalComment>().SingleAsync(c => c.ProposalId == id));
        var emptyReply = await HttpLogin.PostFormAsync(client, $"/{t}/proposals/{id}/comments",
            new Dictionary<string, string> { ["Input.ParentId"] = parent.Id.ToString(), ["Input.Body"] = "" });
        Assert.Contains($"<details class=\"mt-2\" open=\"open\">", await emptyReply.Content.ReadAsStringAsync()); // the reply form used opens again
        var reply = await HttpLogin.PostFormAsync(client, $"/{t}/proposals/{id}/comments",
            new Dictionary<string, string> { ["Input.ParentId"] = parent.Id.ToString(), ["Input.Body"] = "补充：名单请加盖公章。" });
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var thread = await client.GetStringAsync($"/{t}/proposals/{id}/comments");
        var parentAt = thread.IndexOf("请按清单修改后重新提交。", StringComparison.Ordinal);
        var nestedAt = thread.IndexOf("<ol class=\"list-unstyled mt-3 ms-3 ms-md-4\"", StringComparison.Ordinal);
        var replyAt = thread.IndexOf("补充：名单请加盖公章。", StringComparison.Ordinal);
        Assert.True(parentAt > 0 && parentAt < nestedAt && nestedAt < replyAt, "the reply is rendered nested under its parent");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{t}/proposals/{Guid.NewGuid()}/screening")).StatusCode);
    }

    [Fact]
    public async Task The_organisation_commits_and_uploads_through_the_form_and_cannot_open_screening()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var t = w.Tenant.Identifier;
        var client = Client();
        await HttpLogin.SignInAsync(client, t, w.OrgMember.Email!, SliceFixture.Password);
        var url = $"/{t}/proposals/{id}/commitments";

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{t}/proposals/{id}/screening")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{t}/contests/{w.ContestId}/screening")).StatusCode);

        var past = await HttpLogin.PostFormAsync(client, url + "?handler=Add",
            new Dictionary<string, string> { ["Input.DocumentName"] = "场地使用协议", ["Input.DueDate"] = "2020-01-01" });
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Contains("补交日期须晚于今天", await past.Content.ReadAsStringAsync());

        var due = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var added = await HttpLogin.PostFormAsync(client, url + "?handler=Add",
            new Dictionary<string, string> { ["Input.DocumentName"] = "场地使用协议", ["Input.DueDate"] = due });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await client.GetStringAsync(url);
        Assert.Contains("场地使用协议", page);
        Assert.Contains("待补交", page);
        var commitment = await w.ReadAsync(db => db.Set<MissingDocumentCommitment>().SingleAsync(c => c.ProposalId == id));

        async Task<HttpResponseMessage> Upload(string name, byte[] bytes)
        {
            var token = await HttpLogin.AntiforgeryTokenAsync(client, url);
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(commitment.Id.ToString()), "Input.CommitmentId" },
            };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Input.File", name);
            return await client.PostAsync(url + "?handler=Supply", form);
        }

        var exe = await Upload("承诺书.pdf", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00]);
        Assert.Equal(HttpStatusCode.OK, exe.StatusCode);
        Assert.Contains("只接受 PDF、JPG、PNG 文件", await exe.Content.ReadAsStringAsync());

        var pdf = await Upload("场地使用协议.pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, pdf.StatusCode);
        page = await client.GetStringAsync(url);
        Assert.Contains("已补交", page);
        Assert.DoesNotContain("data-testid=\"supply-form\"", page);
        var download = await client.GetAsync($"{url}?handler=File&commitmentId={commitment.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }
}
