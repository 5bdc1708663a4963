using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Screening;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Mediation;

// Not "...Contests.Screening": that namespace would hide ContestStage.Screening from tests that use `using static ContestStage`.
namespace CommunityFund.UnitTests.Features.Contests.ScreeningFeature;

/// <summary>初审: accept, reject with a reason, return once with the one-time list, accept with missing documents.</summary>
public class ScreeningTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    public static TheoryData<string> Decisions() => ["accept", "reject", "return", "accept-missing"];

    private static IRequest<ProposalStatus> Decision(string kind, Guid id) => kind switch
    {
        "accept" => new AcceptModel.Accept { ProposalId = id },
        "reject" => new RejectModel.Reject { ProposalId = id, Reason = "预算与活动内容不符。" },
        "return" => new ReturnModel.Return { ProposalId = id, Fixes = "补充受益人名单" },
        _ => new AcceptWithMissingDocumentsModel.AcceptWithMissingDocuments { ProposalId = id },
    };

    private static Task<Proposal> Load(ContestWorld w, Guid id) => w.ReadAsync(db => db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id));

    private static Task<int> FixLists(ContestWorld w, Guid id) => w.ReadAsync(db => db.Set<ProposalFixList>().CountAsync(l => l.ProposalId == id));

    private static Task AddCommitmentAsync(ContestWorld w, Guid proposal, DateOnly due, bool supplied = false) =>
        w.ReadAsync(async db =>
        {
            db.Add(new MissingDocumentCommitment
            {
                ProposalId = proposal, OrganisationId = w.Organisation, DocumentName = "场地使用协议", DueDate = due, CommittedBy = w.OrgMember.Id,
                CommittedAt = DateTimeOffset.UtcNow, SuppliedAt = supplied ? DateTimeOffset.UtcNow : null, SuppliedAttachmentId = supplied ? Guid.NewGuid() : null,
            });
            return await db.SaveChangesAsync();
        });

    private static string Message(ValidationException ex) => string.Join(" | ", ex.Errors.Select(e => e.ErrorMessage));

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task Every_decision_is_refused_while_the_contest_is_still_collecting(string kind)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Collecting);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        await AddCommitmentAsync(w, id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Decision(kind, id), w.Secretary, w.Tenant));
        Assert.Contains("大赛不在初审阶段", Message(ex));
        Assert.Contains("征集", Message(ex));
        var p = await Load(w, id);
        Assert.Equal((ProposalStatus.Submitted, null, false), (p.Status, p.ScreenedBy, p.AcceptedWithMissingDocuments));
        Assert.Equal(0, await FixLists(w, id));
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task Every_decision_on_a_draft_is_refused_because_it_was_never_submitted(string kind)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        await AddCommitmentAsync(w, id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Decision(kind, id), w.Secretary, w.Tenant));
        Assert.Contains("提案尚未提交", Message(ex));
        Assert.Equal(ProposalStatus.Draft, (await Load(w, id)).Status);
        Assert.Equal(0, await FixLists(w, id));
    }

    [Theory]
    [InlineData("accept", ProposalStatus.Accepted, "已受理")]
    [InlineData("reject", ProposalStatus.Rejected, "已不予受理")]
    [InlineData("accept-missing", ProposalStatus.Accepted, "已受理")]
    [InlineData("reject", ProposalStatus.Returned, "已退回修改")]
    public async Task A_proposal_already_decided_cannot_be_decided_again(string kind, ProposalStatus status, string message)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(status);
        await AddCommitmentAsync(w, id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Decision(kind, id), w.Secretary, w.Tenant));
        Assert.Contains(message, Message(ex));
        var p = await Load(w, id);
        Assert.Equal((status, null, null), (p.Status, p.ScreenedBy, p.RejectionReason));
    }

    [Fact]
    public async Task Accepting_a_submitted_proposal_in_screening_records_who_decided_and_when()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(ProposalStatus.Accepted, await f.SendAsync(new AcceptModel.Accept { ProposalId = id }, w.Secretary, w.Tenant));

        var p = await Load(w, id);
        Assert.Equal((ProposalStatus.Accepted, w.Secretary.Id, false), (p.Status, p.ScreenedBy, p.AcceptedWithMissingDocuments));
        Assert.True(p.ScreenedAt >= before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task Rejecting_needs_a_reason(string reason)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new RejectModel.Reject { ProposalId = id, Reason = reason }, w.Secretary, w.Tenant));
        Assert.Contains("请填写不予受理的理由", Assert.Single(ex.Errors, e => e.PropertyName == "Reason").ErrorMessage);
        Assert.Equal(ProposalStatus.Submitted, (await Load(w, id)).Status);
    }

    [Fact]
    public async Task A_rejection_reason_longer_than_the_limit_is_refused_and_a_good_one_is_kept()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var tooLong = new string('长', Proposal.ReasonMax + 1);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new RejectModel.Reject { ProposalId = id, Reason = tooLong }, w.Secretary, w.Tenant));
        Assert.Contains("不能超过 1000 个字", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(ProposalStatus.Submitted, (await Load(w, id)).Status);

        await f.SendAsync(new RejectModel.Reject { ProposalId = id, Reason = "  不属于本次大赛的主题。 " }, w.Secretary, w.Tenant);
        var p = await Load(w, id);
        Assert.Equal((ProposalStatus.Rejected, "不属于本次大赛的主题。", w.Secretary.Id), (p.Status, p.RejectionReason, p.ScreenedBy));
    }

    [Fact]
    public async Task Returning_creates_the_one_time_list_and_a_second_return_is_refused_even_after_resubmission()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var status = await f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = "  补充受益人名单 \r\n\r\n\n预算中的劳务费单价过高，请说明依据\r\n" }, w.Secretary, w.Tenant);
        Assert.Equal(ProposalStatus.Returned, status);
        var list = await w.ReadAsync(db => db.Set<ProposalFixList>().AsNoTracking().SingleAsync(l => l.ProposalId == id));
        Assert.Equal(["补充受益人名单", "预算中的劳务费单价过高，请说明依据"], list.GetItems().Select(i => i.Text));
        Assert.Equal(w.Secretary.Id, list.IssuedBy);
        Assert.Equal(ProposalStatus.Returned, (await Load(w, id)).Status);

        // Straight away: refused with the one-time rule, not merely "already returned".
        var again = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = "再补一条" }, w.Secretary, w.Tenant));
        Assert.Contains("一次性告知", Message(again));

        // The organisation resubmits (status back to Submitted): a return is still refused, nothing changes.
        await w.ReadAsync(async db =>
        {
            var p = await db.Set<Proposal>().SingleAsync(x => x.Id == id);
            p.Status = ProposalStatus.Submitted;
            return await db.SaveChangesAsync();
        });
        var afterResubmission = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = "再补一条" }, w.Secretary, w.Tenant));
        Assert.Contains("一次性告知", Message(afterResubmission));
        Assert.Contains("只能受理、容缺受理或不予受理", Message(afterResubmission));
        Assert.Equal(1, await FixLists(w, id));
        var unchanged = await w.ReadAsync(db => db.Set<ProposalFixList>().AsNoTracking().SingleAsync(l => l.ProposalId == id));
        Assert.Equal(list.ItemsJson, unchanged.ItemsJson);
        Assert.Equal(ProposalStatus.Submitted, (await Load(w, id)).Status);

        // What remains open after resubmission: accept (or reject, or accept with missing documents).
        Assert.Equal(ProposalStatus.Accepted, await f.SendAsync(new AcceptModel.Accept { ProposalId = id }, w.Secretary, w.Tenant));
    }

    public static TheoryData<string, string> BadLists() => new()
    {
        { "\n  \r\n ", "请至少写一条需要修改的内容" },
        { string.Join("\n", Enumerable.Range(1, ProposalFixList.MaxItems + 1).Select(i => $"第{i}条")), "修改意见最多 20 条" },
        { "第一条\n" + new string('改', ProposalFixList.ItemMax + 1), "第 2 条修改意见超过 500 个字" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task A_return_needs_one_to_twenty_fixes_each_within_the_limit(string fixes, string message)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = fixes }, w.Secretary, w.Tenant));
        Assert.Contains(message, Assert.Single(ex.Errors, e => e.PropertyName == "Fixes").ErrorMessage);
        Assert.Equal(0, await FixLists(w, id));
        Assert.Equal(ProposalStatus.Submitted, (await Load(w, id)).Status);
    }

    [Fact]
    public async Task Exactly_twenty_fixes_are_accepted()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var fixes = string.Join("\n", Enumerable.Range(1, ProposalFixList.MaxItems).Select(i => $"第{i}条"));
        await f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = fixes }, w.Secretary, w.Tenant);
        var list = await w.ReadAsync(db => db.Set<ProposalFixList>().AsNoTracking().SingleAsync(l => l.ProposalId == id));
        Assert.Equal(ProposalFixList.MaxItems, list.GetItems().Count);
    }

    [Fact]
    public async Task Two_secretaries_returning_at_once_issue_one_list_and_the_other_is_told_why()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var secretary2 = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, secretary2, CommunityFund.Web.Infrastructure.Identity.TenantRole.Secretariat);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        async Task<Exception?> Try(CommunityFund.Web.Infrastructure.Identity.AppUser who, string fixes)
        {
            try { await f.SendAsync(new ReturnModel.Return { ProposalId = id, Fixes = fixes }, who, w.Tenant); return null; }
            catch (Exception ex) { return ex; }
        }
        var results = await Task.WhenAll(Try(w.Secretary, "甲的意见"), Try(secretary2, "乙的意见"));

        Assert.Single(results, r => r is null);
        var refused = Assert.IsType<ValidationException>(Assert.Single(results, r => r is not null));
        Assert.Contains("一次性告知", Message(refused));
        Assert.Equal(1, await FixLists(w, id));
        Assert.Equal(ProposalStatus.Returned, (await Load(w, id)).Status);
    }

    [Fact]
    public async Task Accepting_with_missing_documents_needs_an_outstanding_commitment_and_then_sets_the_flag()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var command = new AcceptWithMissingDocumentsModel.AcceptWithMissingDocuments { ProposalId = id };

        var none = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, w.Secretary, w.Tenant));
        Assert.Contains("须先由社会组织列明暂缺的材料", Message(none));

        // A commitment already supplied is not a missing document.
        await AddCommitmentAsync(w, id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5), supplied: true);
        var onlySupplied = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, w.Secretary, w.Tenant));
        Assert.Contains("须先由社会组织列明暂缺的材料", Message(onlySupplied));
        var p = await Load(w, id);
        Assert.Equal((ProposalStatus.Submitted, false), (p.Status, p.AcceptedWithMissingDocuments));

        await AddCommitmentAsync(w, id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20));
        Assert.Equal(ProposalStatus.Accepted, await f.SendAsync(command, w.Secretary, w.Tenant));
        p = await Load(w, id);
        Assert.Equal((ProposalStatus.Accepted, true, w.Secretary.Id), (p.Status, p.AcceptedWithMissingDocuments, p.ScreenedBy));
    }

    [Fact]
    public async Task Only_the_secretariat_decides_and_organisations_and_judges_cannot_open_the_screening_page()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var judge = await w.AddJudgeAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        foreach (var who in new[] { w.Committee, w.Auditor, w.OrgMember, judge })
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new AcceptModel.Accept { ProposalId = id }, who, w.Tenant));
        foreach (var who in new[] { w.OrgMember, w.OtherOrgMember, judge })
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ScreenModel.Query { ProposalId = id }, who, w.Tenant));
        Assert.Equal(ProposalStatus.Submitted, (await Load(w, id)).Status);

        // The committee and auditors read it.
        var view = await f.SendAsync(new ScreenModel.Query { ProposalId = id }, w.Auditor, w.Tenant);
        Assert.Equal("困境儿童课后托管", view.Submitted!.Title);
        Assert.Equal(12_000m, view.Submitted.RequestedAmount);
        Assert.Equal("石桥铺阳光社工服务中心", view.Organisation);
        Assert.Equal(2, view.Submitted.Lines.Count);
    }

    [Fact]
    public async Task Another_tenants_proposal_is_not_found()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var other = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var theirs = await other.AddProposalAsync(ProposalStatus.Submitted);

        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new ScreenModel.Query { ProposalId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new AcceptModel.Accept { ProposalId = theirs }, w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new QueueModel.Query { ContestId = other.ContestId }, w.Secretary, w.Tenant));
        Assert.Equal(ProposalStatus.Submitted, (await Load(other, theirs)).Status);
    }

    [Fact]
    public async Task The_screening_view_shows_the_latest_submitted_version_not_the_working_draft()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        await w.ReadAsync(async db =>
        {
            var p = await db.Set<Proposal>().SingleAsync(x => x.Id == id);
            p.SetDraft(ContestWorld.SampleContent("尚未提交的改稿"));
            return await db.SaveChangesAsync();
        });

        var view = await f.SendAsync(new ScreenModel.Query { ProposalId = id }, w.Secretary, w.Tenant);
        Assert.Equal("困境儿童课后托管", view.Submitted!.Title);
        Assert.Equal(1, view.LatestVersion);
    }

    [Fact]
    public async Task The_queue_lists_submitted_proposals_and_returned_ones_separately_with_counts()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var empty = await f.SendAsync(new QueueModel.Query { ContestId = w.ContestId }, w.Secretary, w.Tenant);
        Assert.Empty(empty.Awaiting);
        Assert.Empty(empty.Returned);
        Assert.All(empty.Counts.Values, c => Assert.Equal(0, c));

        var late = await w.AddProposalAsync(ProposalStatus.Submitted, firstSubmittedAt: DateTimeOffset.UtcNow.AddHours(-1));
        var early = await w.AddProposalAsync(ProposalStatus.Submitted, ContestWorld.SampleContent("社区长者助餐"), w.OtherOrganisation, DateTimeOffset.UtcNow.AddDays(-2));
        var returned = await w.AddProposalAsync(ProposalStatus.Submitted);
        await w.AddProposalAsync(ProposalStatus.Draft);
        await w.AddProposalAsync(ProposalStatus.Accepted);
        await f.SendAsync(new ReturnModel.Return { ProposalId = returned, Fixes = "补充预算依据" }, w.Secretary, w.Tenant);

        var q = await f.SendAsync(new QueueModel.Query { ContestId = w.ContestId }, w.Committee, w.Tenant);
        Assert.Equal([early, late], q.Awaiting.Select(r => r.Id));
        Assert.Equal("大河社区志愿者协会", q.Awaiting[0].Organisation);
        Assert.Equal(returned, Assert.Single(q.Returned).Id);
        Assert.Equal((1, 2, 1, 1, 0), (q.Counts[ProposalStatus.Draft], q.Counts[ProposalStatus.Submitted], q.Counts[ProposalStatus.Returned],
            q.Counts[ProposalStatus.Accepted], q.Counts[ProposalStatus.Rejected]));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new QueueModel.Query { ContestId = w.ContestId }, w.OrgMember, w.Tenant));
    }
}
