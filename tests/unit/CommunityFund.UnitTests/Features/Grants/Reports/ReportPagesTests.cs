using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Grants.ReportTests;

/// <summary>The report pages over HTTP: list, submit form (with files), detail with thumbnails and review, downloads.</summary>
public class ReportPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<HttpClient> SignedInAsync(ReportWorld w, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.P.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    [Fact]
    public async Task The_organisation_submits_on_the_page_and_the_secretariat_reviews_with_chinese_messages()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var t = w.P.Tenant.Identifier;
        var member = await SignedInAsync(w, w.Member);

        var list = await member.GetAsync($"/{t}/projects/{project}/reports");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listHtml = await list.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"reports-empty\"", listHtml);
        Assert.Contains("data-testid=\"new-midterm\"", listHtml);
        Assert.Contains("提交中期报告", listHtml);

        var url = $"/{t}/projects/{project}/reports/new?kind=Midterm";
        var form = await member.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("data-testid=\"report-form\"", await form.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/{t}/projects/{project}/reports/new?kind=Bogus")).StatusCode);

        var bad = await HttpLogin.PostFormAsync(member, url, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Midterm", ["Input.Outputs"] = "开展活动", ["Input.BeneficiariesReached"] = "1.5", ["Input.ActivitiesHeld"] = "-1",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("受益人数须为不小于 0 的整数", badHtml);
        Assert.Contains("活动场次须为不小于 0 的整数", badHtml);
        Assert.Empty(await w.ReportsAsync(project));

        // A real multipart post with a photo.
        var token = await HttpLogin.AntiforgeryTokenAsync(member, url);
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Midterm"), "Input.Kind" },
            { new StringContent("开展课后托管 40 次"), "Input.Outputs" },
            { new StringContent("120"), "Input.BeneficiariesReached" },
            { new StringContent("8"), "Input.ActivitiesHeld" },
        };
        var photo = new ByteArrayContent(ReportWorld.Png);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        multipart.Add(photo, "files", "活动照片.png");
        var posted = await member.PostAsync(url, multipart);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var report = Assert.Single(await w.ReportsAsync(project));
        var file = Assert.Single(await w.FilesAsync());
        Assert.Equal(("活动照片.png", "image/png"), (file.FileName, file.ContentType));

        var detail = await member.GetStringAsync($"/{t}/reports/{report.Id}");
        Assert.Contains("开展课后托管 40 次", detail);
        Assert.Contains($"/{t}/reports/{report.Id}/files/{file.Id}", detail);
        Assert.Contains("<img", detail);
        Assert.DoesNotContain("data-testid=\"review\"", detail); // members do not review

        var download = await member.GetAsync($"/{t}/reports/{report.Id}/files/{file.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(ReportWorld.Png, await download.Content.ReadAsByteArrayAsync());

        var other = await SignedInAsync(w, w.P.Contest.OtherOrgMember);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/{t}/reports/{report.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/{t}/reports/{report.Id}/files/{file.Id}")).StatusCode);

        var secretary = await SignedInAsync(w, w.P.Secretary);
        var reviewUrl = $"/{t}/reports/{report.Id}";
        var reviewPage = await secretary.GetStringAsync(reviewUrl);
        Assert.Contains("data-testid=\"review\"", reviewPage);
        Assert.Contains("data-confirm=", reviewPage);
        var bare = await HttpLogin.PostFormAsync(secretary, reviewUrl + "?handler=Return", new Dictionary<string, string> { ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Contains("退回时须填写原因", await bare.Content.ReadAsStringAsync());
        var returned = await HttpLogin.PostFormAsync(secretary, reviewUrl + "?handler=Return", new Dictionary<string, string> { ["Input.Reason"] = "缺少签到表" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var after = await member.GetStringAsync(reviewUrl);
        Assert.Contains("缺少签到表", after);
        Assert.Contains("已退回", after);
        Assert.Equal(ReportStatus.Returned, (await w.ReportsAsync(project)).Single().Status);
    }

    [Fact]
    public async Task A_final_report_with_a_bad_score_is_refused_on_the_page()
    {
        var w = await ReportWorld.CreateAsync(f, money: 0);
        var project = await w.RunningProjectAsync();
        var report = await w.SubmitAsync(project, ReportKind.Final);
        var secretary = await SignedInAsync(w, w.P.Secretary);
        var url = $"/{w.P.Tenant.Identifier}/reports/{report}";

        var bad = await HttpLogin.PostFormAsync(secretary, url + "?handler=Accept", new Dictionary<string, string> { ["Input.Score"] = "101" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("评估得分须为 0–100 之间的数", await bad.Content.ReadAsStringAsync());
        var ok = await HttpLogin.PostFormAsync(secretary, url + "?handler=Accept", new Dictionary<string, string> { ["Input.Score"] = "87.5" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var page = await secretary.GetStringAsync(url);
        Assert.Contains("data-testid=\"score\">87.5<", page);
        Assert.Equal(ProjectStatus.FinalReport, (await w.P.ProjectRowAsync(project)).Status);
        var english = await secretary.GetStringAsync($"/{w.P.Tenant.Identifier}/projects/{project}/reports?culture=en");
        Assert.Contains("Final report", english);
        Assert.Contains("Accepted", english);
    }
}
