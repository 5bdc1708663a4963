using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Mediation;

using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.UnitTests.Features.Contests.Awards;

/// <summary>The public notice, objections and their answers, and the move to Final that waits for both.</summary>
public class NoticeTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private HttpClient Client() => f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static NoticeModel.FileObjection Objection(ContestWorld w, Guid? proposal = null) => new()
    {
        ContestId = w.ContestId, Name = "王芳", Contact = "138 1234 5678", Text = "该项目的受益人数与实际不符。", ProposalId = proposal,
    };

    private static Task SetNoticeEndsAsync(ContestWorld w, DateTimeOffset ends) =>
        w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var c = await db.Set<Contest>().SingleAsync(x => x.Id == w.ContestId);
            c.NoticeEndsAt = ends;
            return await db.SaveChangesAsync();
        });

    private static Task<List<Objection>> ObjectionsAsync(ContestWorld w) => w.ReadAsync(db => db.Set<Objection>().AsNoTracking().ToListAsync());

    [Fact]
    public async Task The_notice_shows_the_confirmed_list_and_its_period_to_anyone_from_publication_on()
    {
        var a = await AwardsWorld.CreateAsync(f);
        var t = a.World.Tenant.Identifier;
        var url = $"/{t}/contests/{a.World.ContestId}/notice";
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync(url)).StatusCode); // scoring closed: nothing public yet

        await a.PublishAsync();
        var contest = await a.World.ReadAsync(db => db.Set<Contest>().SingleAsync());
        Assert.Equal(ContestStage.PublicNotice, contest.Stage);
        var html = await Client().GetStringAsync(url);
        Assert.Contains("社区长者助餐", html);
        Assert.Contains("石桥铺阳光社工服务中心", html);
        Assert.Contains("¥30,000.00", html);
        Assert.Contains("预算不足未获资助", html);
        var china = TimeSpan.FromHours(8);
        Assert.Contains($"{contest.NoticeStartsAt!.Value.ToOffset(china):yyyy-MM-dd HH:mm} 至 {contest.NoticeEndsAt!.Value.ToOffset(china):yyyy-MM-dd HH:mm}", html);
        Assert.Contains("data-testid=\"objection-form\"", html);
    }

    [Fact]
    public async Task An_objection_filed_anonymously_over_http_is_stored()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        var url = $"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice";
        var anonymous = Client();

        var refused = await HttpLogin.PostFormAsync(anonymous, url, new Dictionary<string, string> { ["Input.Text"] = "有异议", ["Input.Contact"] = "不是电话" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请填写有效的手机号", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await ObjectionsAsync(a.World));

        var filed = await HttpLogin.PostFormAsync(anonymous, url, new Dictionary<string, string>
        {
            ["Input.ProposalId"] = a.Third.ToString(), ["Input.Text"] = "该项目的受益人数与实际不符。", ["Input.Name"] = "王芳", ["Input.Contact"] = "wang@example.org",
        });
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var o = Assert.Single(await ObjectionsAsync(a.World));
        Assert.Equal((a.Third, "王芳", "wang@example.org", "该项目的受益人数与实际不符。", true), (o.ProposalId, o.Name, o.Contact, o.Text, o.IsOpen));
        var page = await anonymous.GetStringAsync(url);
        Assert.Contains("异议已提交", page);
        Assert.DoesNotContain("wang@example.org", page);
    }

    [Fact]
    public async Task One_address_may_file_only_a_few_objections_in_a_short_time_then_is_asked_to_wait()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        var url = $"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice";
        var anonymous = Client();
        Dictionary<string, string> Form(int i) => new() { ["Input.Text"] = $"第 {i} 条异议：受益人数与实际不符。", ["Input.Contact"] = "wang@example.org" };

        for (var i = 1; i <= new AnonymousFormLimits().PermitLimit; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(anonymous, url, Form(i))).StatusCode);
        var refused = await HttpLogin.PostFormAsync(anonymous, url, Form(99));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("提交异议过于频繁，请稍后再试", await refused.Content.ReadAsStringAsync());
        Assert.Equal(new AnonymousFormLimits().PermitLimit, (await ObjectionsAsync(a.World)).Count);
        Assert.DoesNotContain(await ObjectionsAsync(a.World), o => o.Text.StartsWith("第 99 条"));
    }

    [Fact]
    public async Task An_objection_after_the_notice_ended_is_refused_and_nothing_is_stored()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        await SetNoticeEndsAsync(a.World, DateTimeOffset.UtcNow.AddMinutes(-1));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Objection(a.World), null, a.World.Tenant));
        Assert.Contains("公示期已结束", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Empty(await ObjectionsAsync(a.World));
        Assert.Contains("data-testid=\"objections-closed\"", await Client().GetStringAsync($"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice"));
    }

    [Fact]
    public async Task An_objection_must_give_a_contact_and_name_a_proposal_on_the_list()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();

        await f.SendAsync(Objection(a.World), null, a.World.Tenant);
        var noContact = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new NoticeModel.FileObjection { ContestId = a.World.ContestId, Text = "有异议" }, null, a.World.Tenant));
        Assert.Contains("请填写联系方式", Assert.Single(noContact.Errors, e => e.PropertyName == "Contact").ErrorMessage);
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Objection(a.World, Guid.NewGuid()), null, a.World.Tenant));
        Assert.Contains("不在本次公示名单中", Assert.Single(unknown.Errors).ErrorMessage);
        Assert.Single(await ObjectionsAsync(a.World)); // only the first, complete one
        Assert.Equal("13812345678", (await ObjectionsAsync(a.World))[0].Contact); // spaces people type are dropped
    }

    [Fact]
    public async Task Answering_publishes_the_answer_with_a_masked_name_and_without_the_contact()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        var id = await f.SendAsync(Objection(a.World, a.Second), null, a.World.Tenant);
        var answer = new ObjectionsModel.Answer { ContestId = a.World.ContestId, ObjectionId = id, Text = "经核实，受益人数以街道民政台账为准，维持原结果。" };

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(answer, a.World.Secretary, a.World.Tenant));
        var empty = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new ObjectionsModel.Answer { ContestId = a.World.ContestId, ObjectionId = id, Text = " " }, a.World.Committee, a.World.Tenant));
        Assert.Equal("Text", Assert.Single(empty.Errors).PropertyName);
        await f.SendAsync(answer, a.World.Committee, a.World.Tenant);
        var again = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(answer, a.World.Committee2, a.World.Tenant));
        Assert.Contains("已经答复，不能再次答复", Assert.Single(again.Errors).ErrorMessage);
        var stored = Assert.Single(await ObjectionsAsync(a.World));
        Assert.Equal((a.World.Committee.Id, answer.Text), (stored.AnsweredBy, stored.Answer));

        var html = await Client().GetStringAsync($"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice");
        Assert.Contains("经核实，受益人数以街道民政台账为准，维持原结果。", html);
        Assert.Contains("王*", html);
        Assert.DoesNotContain("王芳", html);
        Assert.DoesNotContain("13812345678", html);

        // Staff see the objection with its contact on the objections page.
        var staff = Client();
        await HttpLogin.SignInAsync(staff, a.World.Tenant.Identifier, a.World.Auditor.Email!, SliceFixture.Password);
        var admin = await staff.GetStringAsync($"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/objections");
        Assert.Contains("13812345678", admin);
        Assert.DoesNotContain("data-testid=\"answer-form\"", admin); // auditors read only
    }

    [Fact]
    public async Task Final_is_refused_with_an_open_objection_and_allowed_once_answered_after_the_notice_ended()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.PublishAsync();
        var id = await f.SendAsync(Objection(a.World), null, a.World.Tenant);
        await SetNoticeEndsAsync(a.World, DateTimeOffset.UtcNow.AddMinutes(-1));
        var move = new DetailModel.MoveStage { ContestId = a.World.ContestId, To = ContestStage.Final };

        var refused = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(move, a.World.Secretary, a.World.Tenant));
        Assert.Equal("还有未答复的异议。", Assert.Single(refused.Errors).ErrorMessage);
        Assert.Equal(ContestStage.PublicNotice, await a.World.ReadAsync(db => db.Set<Contest>().Select(c => c.Stage).SingleAsync()));

        // Answered through the committee's page, as a committee member would.
        var committee = Client();
        var url = $"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/objections";
        await HttpLogin.SignInAsync(committee, a.World.Tenant.Identifier, a.World.Committee.Email!, SliceFixture.Password);
        Assert.Contains("data-testid=\"answer-form\"", await committee.GetStringAsync(url));
        var answered = await HttpLogin.PostFormAsync(committee, url, new Dictionary<string, string>
        {
            ["Input.ObjectionId"] = id.ToString(), ["Input.Text"] = "经核实，维持原结果。",
        });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        Assert.Equal(ContestStage.Final, await f.SendAsync(move, a.World.Secretary, a.World.Tenant));
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync($"/{a.World.Tenant.Identifier}/contests/{a.World.ContestId}/notice")).StatusCode);
    }
}
