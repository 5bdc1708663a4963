using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.UnitTests.Features.Contests.Proposals;

/// <summary>The proposal pages over HTTP: the forms post what the binder expects and refusals come back on the page.</summary>
public class ProposalPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Dictionary<string, string> EditFields(string quantity) => new()
    {
        ["Input.Version"] = "0",
        ["Input.Title"] = "社区长者助餐", ["Input.Category"] = "养老服务", ["Input.Need"] = "独居老人吃饭难。", ["Input.Goals"] = "每周为 30 位老人送餐。",
        ["Input.BeneficiariesWho"] = "独居老人", ["Input.BeneficiariesCount"] = "30", ["Input.ActivityPlan"] = "每周一、三、五中午送餐。",
        ["Input.StartDate"] = "2026-03-01", ["Input.EndDate"] = "2026-08-31", ["Input.CoFunding"] = "1000",
        ["Input.Lines[0].Item"] = "餐费补贴", ["Input.Lines[0].Kind"] = "Materials", ["Input.Lines[0].UnitPrice"] = "15.5", ["Input.Lines[0].Quantity"] = quantity,
        ["Input.Lines[1].Item"] = "志愿者交通", ["Input.Lines[1].Kind"] = "Transport", ["Input.Lines[1].UnitPrice"] = "20", ["Input.Lines[1].Quantity"] = "50",
    };

    [Fact]
    public async Task An_organisation_member_writes_submits_and_compares_a_proposal_through_the_pages()
    {
        var w = await ContestWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, w.OrgMember.Email!, SliceFixture.Password);

        var list = $"/{t}/contests/{w.ContestId}/proposals";
        var empty = await client.GetStringAsync(list);
        Assert.Contains("data-testid=\"proposals-empty\"", empty);
        Assert.Contains("data-testid=\"new-proposal\"", empty);

        var newPage = await client.GetAsync($"{list}/new");
        Assert.Equal(HttpStatusCode.OK, newPage.StatusCode);
        Assert.Contains("石桥铺阳光社工服务中心", await newPage.Content.ReadAsStringAsync());
        Assert.DoesNotContain("大河社区志愿者协会", await newPage.Content.ReadAsStringAsync()); // another organisation's
        var created = await HttpLogin.PostFormAsync(client, $"{list}/new",
            new Dictionary<string, string> { ["Input.OrganisationId"] = w.Organisation.ToString(), ["Input.Title"] = "社区长者助餐" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var edit = created.Headers.Location!.OriginalString;
        Assert.EndsWith("/edit", edit);
        var id = await w.ReadAsync(db => db.Set<Proposal>().Select(p => p.Id).SingleAsync());

        var editPage = await client.GetStringAsync(edit);
        Assert.Contains("name=\"Input.Lines[0].Quantity\"", editPage);
        Assert.Contains("id=\"budget-row-template\"", editPage);

        var refused = await HttpLogin.PostFormAsync(client, edit, EditFields("-2"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("第 1 行：数量不能是负数。", refusedHtml);
        Assert.Contains("data-testid=\"not-saved\"", refusedHtml);
        Assert.Contains("value=\"志愿者交通\"", refusedHtml); // what was typed comes back
        var untouched = await w.ReadAsync(db => db.Set<Proposal>().SingleAsync());
        Assert.Equal((0, "社区长者助餐", ""), (untouched.Version, untouched.GetDraft().Title, untouched.GetDraft().Need)); // nothing of the refused form was saved
        Assert.Empty(untouched.GetDraft().Lines);

        var saved = await HttpLogin.PostFormAsync(client, edit, EditFields("200"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var detail = saved.Headers.Location!.OriginalString;
        var detailHtml = await client.GetStringAsync(detail);
        Assert.Contains("¥4,100.00", detailHtml); // 15.5 × 200 + 20 × 50, computed by the server
        Assert.Contains("data-testid=\"submit-form\"", detailHtml);
        Assert.Contains("/proposals/" + id + "/comments", detailHtml);
        Assert.Contains("data-print", detailHtml);

        var submitted = await HttpLogin.PostFormAsync(client, detail, detail + "/submit", new Dictionary<string, string> { ["Input.Version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains("已提交，生成第 1 版", await client.GetStringAsync(detail));
        var listed = await client.GetStringAsync(list);
        Assert.Contains("第 1 号", listed);
        Assert.Contains("¥4,100.00", listed);
        Assert.Contains("已提交", listed);

        // A second version arrives in refinement; the two compare side by side.
        await w.SetStageAsync(ContestStage.Refining);
        await w.ReadAsync(async db =>
        {
            var p = await db.Set<Proposal>().SingleAsync();
            p.Status = ProposalStatus.Accepted;
            return await db.SaveChangesAsync();
        });
        var revision = EditFields("180");
        revision["Input.Version"] = "2";
        revision["Input.Goals"] = "每周为 40 位老人送餐。";
        revision.Remove("Input.Lines[1].Item");
        revision.Remove("Input.Lines[1].Kind");
        revision.Remove("Input.Lines[1].UnitPrice");
        revision.Remove("Input.Lines[1].Quantity");
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(client, edit, revision)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect,
            (await HttpLogin.PostFormAsync(client, detail, detail + "/submit", new Dictionary<string, string> { ["Input.Version"] = "3" })).StatusCode);

        var compare = await client.GetAsync($"{detail}/compare?a=1&b=2");
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);
        var compareHtml = await compare.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"field-Goals\" data-changed=\"true\"", compareHtml);
        Assert.Contains("data-testid=\"field-Title\" data-changed=\"false\"", compareHtml);
        Assert.Contains("class=\"visually-hidden\"> (有变化)", compareHtml);
        Assert.Contains("data-testid=\"line-Removed\"", compareHtml);
        Assert.Contains("data-testid=\"line-Changed\"", compareHtml);
        Assert.Contains("200 → 180", compareHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{detail}/compare?a=1&b=9")).StatusCode);

        // Another organisation's member is refused every page of this proposal.
        var other = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(other, t, w.OtherOrgMember.Email!, SliceFixture.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(detail)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(edit)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"{detail}/compare?a=1&b=2")).StatusCode);
        Assert.Contains("data-testid=\"proposals-empty\"", await other.GetStringAsync(list));
    }

    [Fact]
    public async Task Staff_filter_the_list_by_status_and_see_the_submitted_version_rather_than_the_draft()
    {
        var w = await ContestWorld.CreateAsync(f);
        var t = w.Tenant.Identifier;
        var submitted = await w.AddProposalAsync(ProposalStatus.Submitted, ContestWorld.SampleContent("老旧小区加装扶手"));
        await w.AddProposalAsync(ProposalStatus.Draft, ContestWorld.SampleContent("儿童阅读角"), w.OtherOrganisation);
        await w.ReadAsync(async db =>
        {
            var p = await db.Set<Proposal>().SingleAsync(x => x.Id == submitted);
            p.SetDraft(ContestWorld.SampleContent("尚未提交的新名称"));
            return await db.SaveChangesAsync();
        });
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, w.Committee.Email!, SliceFixture.Password);

        var all = await client.GetStringAsync($"/{t}/contests/{w.ContestId}/proposals");
        Assert.Contains("老旧小区加装扶手", all);
        Assert.Contains("儿童阅读角", all);
        Assert.Contains("¥12,000.00", all);
        Assert.DoesNotContain("data-testid=\"new-proposal\"", all); // the committee reads, it does not enter proposals
        var filtered = await client.GetStringAsync($"/{t}/contests/{w.ContestId}/proposals?status=Draft");
        Assert.DoesNotContain("老旧小区加装扶手", filtered);
        Assert.Contains("儿童阅读角", filtered);

        var detail = await client.GetStringAsync($"/{t}/proposals/{submitted}");
        Assert.Contains("老旧小区加装扶手", detail);
        Assert.DoesNotContain("尚未提交的新名称", detail);
        Assert.DoesNotContain("data-testid=\"submit-form\"", detail);
        Assert.DoesNotContain("data-testid=\"upload-form\"", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/{t}/proposals/{submitted}/edit")).StatusCode);
    }

    [Fact]
    public async Task A_returned_proposal_shows_its_fix_list_as_a_checklist_and_is_resubmitted_only_when_all_are_ticked()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var t = w.Tenant.Identifier;
        var id = await w.AddProposalAsync(ProposalStatus.Returned);
        await w.ReadAsync(async db =>
        {
            var list = new ProposalFixList { ProposalId = id, IssuedBy = w.Secretary.Id, IssuedAt = DateTimeOffset.UtcNow };
            list.SetItems([new FixItem("补充场地使用证明"), new FixItem("说明劳务费标准")]);
            db.Add(list);
            return await db.SaveChangesAsync();
        });
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, w.OrgMember.Email!, SliceFixture.Password);
        var detail = $"/{t}/proposals/{id}";

        var page = await client.GetStringAsync(detail);
        Assert.Contains("data-testid=\"fix-checklist\"", page);
        Assert.Contains("name=\"Input.Fixes[1].Done\"", page);
        Assert.Contains("2. 说明劳务费标准", page);

        var refused = await HttpLogin.PostFormAsync(client, detail, detail + "/submit", new Dictionary<string, string>
        {
            ["Input.Version"] = "0", ["Input.Fixes[0].Done"] = "true", ["Input.Fixes[0].Answer"] = "已上传证明",
            ["Input.Fixes[1].Done"] = "false", ["Input.Fixes[1].Answer"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("2. 说明劳务费标准", await refused.Content.ReadAsStringAsync());
        Assert.Equal(ProposalStatus.Returned, await w.ReadAsync(db => db.Set<Proposal>().Where(p => p.Id == id).Select(p => p.Status).SingleAsync()));

        // The browser sends "true" then the hidden "false" for a ticked box.
        var token = await HttpLogin.AntiforgeryTokenAsync(client, detail);
        var body = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Version", "0"),
            new("Input.Fixes[0].Done", "true"), new("Input.Fixes[0].Done", "false"), new("Input.Fixes[0].Answer", "已上传证明"),
            new("Input.Fixes[1].Done", "true"), new("Input.Fixes[1].Done", "false"), new("Input.Fixes[1].Answer", "参照区指导价"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(detail + "/submit", body)).StatusCode);
        var after = await client.GetStringAsync(detail);
        Assert.Contains("参照区指导价", after);
        Assert.Contains("已在第 2 版答复", after);
        Assert.Equal(ProposalStatus.Submitted, await w.ReadAsync(db => db.Set<Proposal>().Where(p => p.Id == id).Select(p => p.Status).SingleAsync()));

        // Resubmitted, it waits for screening: the edit page says so instead of showing the form.
        Assert.Contains("data-testid=\"not-editable\"", await client.GetStringAsync($"{detail}/edit"));
        // A draft's edit page shows the subtotals and total the server computed (the script only keeps them current).
        var draft = await w.AddProposalAsync(ProposalStatus.Draft);
        var draftEdit = await client.GetStringAsync($"/{t}/proposals/{draft}/edit");
        Assert.Contains(">¥10,000.00</td>", draftEdit);
        Assert.Contains(">¥12,000.00</td>", draftEdit);
    }
}
