using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Grants.ApprovalTests;

/// <summary>The approval pages over HTTP: inbox, detail with its forms, conflicts register.</summary>
public class ApprovalPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<HttpClient> SignedInAsync(ApprovalWorld a, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, a.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    [Fact]
    public async Task A_committee_member_decides_on_the_detail_page_and_refusals_come_back_in_chinese()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var id = await a.RequestAsync(60_000m);
        var url = $"/{t}/approvals/{id}";
        var committee = await SignedInAsync(a, a.Committee);

        var page = await committee.GetStringAsync(url);
        Assert.Contains("需 2 人审批（含主任）", page);
        Assert.Contains("¥60,000.00", page);
        Assert.Contains("石桥铺阳光社工服务中心", page);
        Assert.Contains("data-testid=\"decide-form\"", page);
        Assert.Contains("data-testid=\"decisions-empty\"", page);
        Assert.Contains(id.ToString(), page);
        Assert.Matches("data-confirm=\"[^\"]+\" data-testid=\"approve\"", page); // asked before it posts (wwwroot/js/site.js)

        var bare = await HttpLogin.PostFormAsync(committee, url + "?handler=Reject", new Dictionary<string, string> { ["Input.Comment"] = "" });
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        var html = await bare.Content.ReadAsStringAsync();
        Assert.Contains("驳回时须填写意见", html);
        Assert.Contains("data-valmsg-for=\"Input.Comment\"", html);
        Assert.Empty(await a.DecisionsAsync(id));

        var approved = await HttpLogin.PostFormAsync(committee, url + "?handler=Approve", new Dictionary<string, string> { ["Input.Comment"] = "项目可行" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await committee.GetStringAsync(url);
        Assert.Contains("已记录您的同意意见", after);
        Assert.Contains("项目可行", after);
        Assert.Contains("已同意 1/2", after);
        Assert.Contains("您已对该申请作出决定", after); // no second form, the reason instead
        Assert.DoesNotContain("data-testid=\"decide-form\"", after);

        // The same vote again, as a stale tab would send it: refused on the page, not a 500.
        var again = await HttpLogin.PostFormAsync(committee, url + "?handler=Approve", new Dictionary<string, string> { ["Input.Comment"] = "" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("您已对该申请作出决定，不能重复审批", await again.Content.ReadAsStringAsync());

        var english = await committee.GetStringAsync(url + "?culture=en");
        Assert.Contains("Needs 2 approvals including the chair", english);
    }

    [Fact]
    public async Task The_preparer_sees_why_they_cannot_decide_and_may_withdraw()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var id = await a.RequestAsync(3_000m, preparer: a.Committee);
        var url = $"/{t}/approvals/{id}";
        var preparer = await SignedInAsync(a, a.Committee);

        var page = await preparer.GetStringAsync(url);
        Assert.Contains("编制人不能审批自己编制的申请", page);
        Assert.DoesNotContain("data-testid=\"decide-form\"", page);
        Assert.Contains("data-testid=\"withdraw-form\"", page);
        var forced = await HttpLogin.PostFormAsync(preparer, url + "?handler=Approve", new Dictionary<string, string> { ["Input.Comment"] = "" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains("编制人不能审批自己编制的申请", await forced.Content.ReadAsStringAsync());
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(id)).Status);

        var withdrawn = await HttpLogin.PostFormAsync(preparer, url + "?handler=Withdraw", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(ApprovalStatus.Withdrawn, (await a.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task The_inbox_puts_what_i_may_decide_first_and_greys_the_rest_with_the_reason()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var committee = await SignedInAsync(a, a.Committee);
        Assert.Contains("data-testid=\"approvals-empty\"", await committee.GetStringAsync($"/{t}/approvals"));

        var mine = await a.RequestAsync(1_000m, preparer: a.Committee);
        await a.ConflictAsync(a.Committee, a.World.OtherOrganisation);
        var conflicted = await a.RequestAsync(2_000m, organisation: a.World.OtherOrganisation);
        var open = await a.RequestAsync(3_000m);
        var decided = await a.RequestAsync(5_000.01m);
        await a.DecideAsync(ApprovalWorld.Approve(decided), a.Committee);

        var inbox = await committee.GetStringAsync($"/{t}/approvals");
        Assert.Contains("待您审批：1 项", inbox);
        var openAt = inbox.IndexOf($"data-testid=\"approval-{open}\"", StringComparison.Ordinal);
        Assert.True(openAt > 0);
        foreach (var (id, reason) in new[] { (mine, "编制人不能审批"), (conflicted, "利益冲突"), (decided, "不能重复审批") })
        {
            var at = inbox.IndexOf($"data-testid=\"approval-{id}\"", StringComparison.Ordinal);
            Assert.True(at > openAt, "greyed rows come after the ones I may decide");
            var row = inbox[at..inbox.IndexOf("</tr>", at, StringComparison.Ordinal)];
            Assert.Contains("aria-disabled=\"true\"", row);
            Assert.Contains(reason, row);
        }
        Assert.DoesNotContain("data-testid=\"status-filter\"", inbox);

        // The secretariat sees every request and filters by status.
        var secretary = await SignedInAsync(a, a.Secretary);
        var all = await secretary.GetStringAsync($"/{t}/approvals");
        Assert.Contains("data-testid=\"status-filter\"", all);
        Assert.Contains($"approval-{open}", all);
        await a.DecideAsync(ApprovalWorld.Approve(open), a.Committee2);
        var approvedOnly = await secretary.GetStringAsync($"/{t}/approvals?status=Approved");
        Assert.Contains($"approval-{open}", approvedOnly);
        Assert.DoesNotContain($"approval-{mine}", approvedOnly);

        var auditor = await SignedInAsync(a, a.World.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/{t}/approvals/{open}")).StatusCode);
        var orgMember = await SignedInAsync(a, a.World.OrgMember);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgMember.GetAsync($"/{t}/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgMember.GetAsync($"/{t}/approvals/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretary.GetAsync($"/{t}/approvals/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_conflicts_page_records_and_lists_and_refuses_a_duplicate_on_the_page()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var t = a.Tenant.Identifier;
        var secretary = await SignedInAsync(a, a.Secretary);
        var url = $"/{t}/grants/conflicts";
        Assert.Contains("data-testid=\"conflicts-empty\"", await secretary.GetStringAsync(url));

        var fields = new Dictionary<string, string>
        {
            ["Input.MemberId"] = a.Committee.Id.ToString(), ["Input.OrganisationId"] = a.Organisation.ToString(), ["Input.Reason"] = "在该组织兼任理事",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostFormAsync(secretary, url, fields)).StatusCode);
        var duplicate = await HttpLogin.PostFormAsync(secretary, url, fields);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("该委员与该组织的利益冲突已登记", await duplicate.Content.ReadAsStringAsync());

        var committee = await SignedInAsync(a, a.Committee2);
        var list = await committee.GetStringAsync(url);
        Assert.Contains("在该组织兼任理事", list);
        Assert.Contains("申报本人利益冲突", list);
    }
}
