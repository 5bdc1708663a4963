using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Grants.ClaimTests;
using CommunityFund.UnitTests.Features.Grants.NotificationTests;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Infrastructure.Identity;
using ApprovalDetail = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel;
using ClaimRemoveLine = CommunityFund.Web.Features.Grants.Claims.RemoveLineModel;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;
using ProposalSubmit = CommunityFund.Web.Features.Contests.Proposals.SubmitModel;
using ScreeningAccept = CommunityFund.Web.Features.Contests.Screening.AcceptModel;
using ScreeningReturn = CommunityFund.Web.Features.Contests.Screening.ReturnModel;

namespace CommunityFund.UnitTests.Features.Grants.HandoffTests;

/// <summary>
/// Every hand-off puts the next step under its time limit, takes the finished one off, and tells the people concerned
/// (inbox row + e-mail): proposal screening, claim review, each approval, payment after approval.
/// </summary>
public class HandoffTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private sealed record Step(TimedStep Kind, Guid Subject, TenantRole Role, string? Link, bool Open);

    private static Task<List<Step>> StepsAsync(ContestWorld w) =>
        w.ReadAsync(db => db.Set<PendingStep>().AsNoTracking().OrderBy(s => s.StartedOn).ThenBy(s => s.Step)
            .Select(s => new Step(s.Step, s.SubjectId, s.ResponsibleRole, s.Link, s.ClosedAt == null)).ToListAsync());

    private static async Task<List<Step>> OpenStepsAsync(ContestWorld w) => (await StepsAsync(w)).Where(s => s.Open).ToList();

    private static Task<List<string>> InboxAsync(ContestWorld w, AppUser user) =>
        w.ReadAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.UserId == user.Id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => n.Title + " | " + n.Body + " | " + n.Link).ToListAsync());

    [Fact]
    public async Task A_claim_is_under_review_then_under_approval_then_under_payment_and_each_party_is_told()
    {
        var c = await ClaimWorld.CreateAsync(f);
        var w = c.P.Contest;
        var project = await c.AdvanceProjectAsync();
        var before = await StepsAsync(w); // the tranche's own approval and payment steps, all closed by now
        Assert.All(before, s => Assert.False(s.Open));

        var claim = await c.AddAsync(ClaimWorld.Line(project, await c.LineIdAsync(project), "300.00"));
        await c.SubmitAsync(claim);
        var review = Assert.Single(await OpenStepsAsync(w));
        Assert.Equal(new Step(TimedStep.ClaimReview, claim, TenantRole.Secretariat, "/claims/" + claim, true), review);
        Assert.Contains(await InboxAsync(w, w.Secretary), n => n.StartsWith("报销单待审核") && n.Contains("¥300.00") && n.EndsWith("/claims/" + claim));

        await c.ReviewAsync(claim, ClaimReview.ReviewAction.Return, fixes: "补充发票原件。\n收款人写全称");
        Assert.Empty(await OpenStepsAsync(w));
        var returned = Assert.Single(await InboxAsync(w, w.OrgMember), n => n.StartsWith("报销单被退回"));
        Assert.Contains("1. 补充发票原件；2. 收款人写全称", returned);
        Assert.Contains(PickupMail.To(f, w.OrgMember), m => (m.Subject ?? "").Contains("报销单被退回") && (m.TextBody ?? "").Contains("补充发票原件"));

        await c.SubmitAsync(claim);
        Assert.Equal(TimedStep.ClaimReview, Assert.Single(await OpenStepsAsync(w)).Kind); // a new review, on a new clock
        await c.ReviewAsync(claim, ClaimReview.ReviewAction.Approve);
        var request = await w.ReadAsync(db => db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == claim));
        var approval = Assert.Single(await OpenStepsAsync(w));
        Assert.Equal(new Step(TimedStep.Approval, request.Id, TenantRole.Committee, "/approvals/" + request.Id, true), approval);
        // Every committee member is asked to decide; the preparer (the secretary) is not.
        Assert.Contains(await InboxAsync(w, w.Committee), n => n.StartsWith("待审批：报销支付") && n.EndsWith("/approvals/" + request.Id));
        Assert.Contains(await InboxAsync(w, w.Committee2), n => n.StartsWith("待审批：报销支付"));
        Assert.DoesNotContain(await InboxAsync(w, w.Secretary), n => n.StartsWith("待审批"));

        await f.SendAsync(new ApprovalDetail.Decide { RequestId = request.Id, Approve = true, Comment = "同意" }, w.Committee, w.Tenant);
        var payment = Assert.Single(await OpenStepsAsync(w));
        Assert.Equal(new Step(TimedStep.Payment, claim, TenantRole.Secretariat, "/claims/" + claim, true), payment);
        Assert.Contains(await InboxAsync(w, w.Secretary), n => n.StartsWith("已批准：报销支付 ¥300.00"));

        await c.SettleAsync(claim);
        Assert.Empty(await OpenStepsAsync(w));
        Assert.Contains(await InboxAsync(w, w.OrgMember), n => n.StartsWith("报销单已结算") && n.Contains("¥300.00"));
        // Another organisation hears nothing of it.
        Assert.Empty(await InboxAsync(w, w.OtherOrgMember));
    }

    [Fact]
    public async Task A_tranche_payment_waits_for_payment_after_approval_and_the_organisation_is_told_when_it_is_paid()
    {
        var p = await ProjectWorld.CreateAsync(f);
        var w = p.Contest;
        var (project, tranche) = await p.ApprovedFirstTrancheAsync(10_000m);
        var payment = Assert.Single(await OpenStepsAsync(w));
        Assert.Equal(new Step(TimedStep.Payment, tranche, TenantRole.Secretariat, $"/projects/{project}/tranches/{tranche}/pay", true), payment);

        await p.PayAsync(project, tranche);
        Assert.Empty(await OpenStepsAsync(w));
        var paid = Assert.Single(await InboxAsync(w, w.OrgMember), n => n.StartsWith("资金已拨付"));
        Assert.Contains("¥5,000.00", paid);
        Assert.Contains("ICBC-20260301-0001", paid);
    }

    [Fact]
    public async Task A_rejected_request_tells_its_preparer_and_a_withdrawn_one_just_leaves_the_dashboard()
    {
        var p = await ProjectWorld.CreateAsync(f);
        var w = p.Contest;
        var project = await p.ProjectAsync(10_000m);
        await p.MoveAsync(project, ProjectAction.SignAgreement);
        var tranches = await p.TranchesAsync(project);

        await p.RequestAsync(project, tranches[0].Id);
        var first = await w.ReadAsync(db => db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == tranches[0].Id));
        Assert.Equal(first.Id, Assert.Single(await OpenStepsAsync(w)).Subject);
        await f.SendAsync(new ApprovalDetail.Decide { RequestId = first.Id, Approve = false, Comment = "协议未附盖章页" }, w.Committee, w.Tenant);
        Assert.Empty(await OpenStepsAsync(w));
        Assert.Contains(await InboxAsync(w, w.Secretary), n => n.StartsWith("已驳回：分期拨付") && n.EndsWith("/approvals/" + first.Id));

        await p.RequestAsync(project, tranches[0].Id);
        var second = await w.ReadAsync(db => db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == tranches[0].Id && r.Status == ApprovalStatus.Pending));
        Assert.Equal(second.Id, Assert.Single(await OpenStepsAsync(w)).Subject);
        var inboxBefore = (await InboxAsync(w, w.Secretary)).Count;
        await f.SendAsync(new ApprovalDetail.Withdraw { RequestId = second.Id }, w.Secretary, w.Tenant);
        Assert.Empty(await OpenStepsAsync(w));
        Assert.Equal(inboxBefore, (await InboxAsync(w, w.Secretary)).Count);
    }

    [Fact]
    public async Task The_approval_page_links_to_what_the_money_is_for()
    {
        var c = await ClaimWorld.CreateAsync(f);
        var w = c.P.Contest;
        var project = await c.AdvanceProjectAsync();
        var claim = await c.AddAsync(ClaimWorld.Line(project, await c.LineIdAsync(project), "300.00"));
        await c.SubmitAsync(claim);
        await c.ReviewAsync(claim, ClaimReview.ReviewAction.Approve);
        var requests = await w.ReadAsync(db => db.Set<ApprovalRequest>().AsNoTracking().ToListAsync());

        async Task<string?> LinkAsync(ApprovalKind kind) =>
            (await f.SendAsync(new ApprovalDetail.Query { RequestId = requests.Single(r => r.Kind == kind).Id }, w.Committee, w.Tenant)).SubjectLink;
        Assert.Equal("/claims/" + claim, await LinkAsync(ApprovalKind.ClaimPayment));
        Assert.Equal("/projects/" + project, await LinkAsync(ApprovalKind.TranchePayment)); // the tranche's project, not the tranche id
    }

    [Fact]
    public async Task Terminating_a_project_takes_its_approval_and_payment_steps_off_the_dashboard()
    {
        var p = await ProjectWorld.CreateAsync(f);
        var w = p.Contest;
        var (approved, _) = await p.ApprovedFirstTrancheAsync(10_000m); // tranche 1 approved, waiting for payment
        var requested = await p.ProjectAsync(10_000m);
        await p.MoveAsync(requested, ProjectAction.SignAgreement);
        var tranche = (await p.TranchesAsync(requested))[0].Id;
        await p.RequestAsync(requested, tranche); // waiting for the committee
        Assert.Equal([TimedStep.Approval, TimedStep.Payment], (await OpenStepsAsync(w)).Select(s => s.Kind).Order());

        await p.MoveAsync(approved, ProjectAction.Terminate, "机构已注销");
        Assert.Equal(TimedStep.Approval, Assert.Single(await OpenStepsAsync(w)).Kind);
        await p.MoveAsync(requested, ProjectAction.Terminate, "机构已注销");
        Assert.Empty(await OpenStepsAsync(w));
        var request = await w.ReadAsync(db => db.Set<ApprovalRequest>().AsNoTracking().SingleAsync(r => r.SubjectId == tranche));
        Assert.Equal(ApprovalStatus.Withdrawn, request.Status);
    }

    [Fact]
    public async Task A_submitted_proposal_waits_for_screening_and_the_organisation_hears_the_return_and_the_acceptance()
    {
        var w = await ContestWorld.CreateAsync(f);
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        await f.SendAsync(await SubmitAsync(w, id), w.OrgMember, w.Tenant);
        var screening = Assert.Single(await OpenStepsAsync(w));
        Assert.Equal(new Step(TimedStep.Screening, id, TenantRole.Secretariat, $"/proposals/{id}/screening", true), screening);
        Assert.Contains(await InboxAsync(w, w.Secretary), n => n.StartsWith("提案待初审：#1 困境儿童课后托管") && n.Contains("石桥铺"));

        await w.SetStageAsync(ContestStage.Screening);
        await f.SendAsync(new ScreeningReturn.Return { ProposalId = id, Fixes = "补充受益人名单\n说明劳务费单价依据" }, w.Secretary, w.Tenant);
        Assert.Empty(await OpenStepsAsync(w));
        Assert.Contains(await InboxAsync(w, w.OrgMember), n => n.StartsWith("提案需补正：#1") && n.Contains("1. 补充受益人名单；2. 说明劳务费单价依据"));

        await f.SendAsync(await SubmitAsync(w, id, new ProposalSubmit.FixAnswer { Done = true }, new ProposalSubmit.FixAnswer { Done = true }), w.OrgMember, w.Tenant);
        Assert.Equal(TimedStep.Screening, Assert.Single(await OpenStepsAsync(w)).Kind);

        await f.SendAsync(new ScreeningAccept.Accept { ProposalId = id }, w.Secretary, w.Tenant);
        Assert.Empty(await OpenStepsAsync(w));
        Assert.Contains(await InboxAsync(w, w.OrgMember), n => n.StartsWith("提案已通过初审：#1"));
    }

    private static async Task<ProposalSubmit.SubmitCommand> SubmitAsync(ContestWorld w, Guid id, params ProposalSubmit.FixAnswer[] fixes) =>
        new() { ProposalId = id, Version = (await w.ReadAsync(db => db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id))).Version, Fixes = [.. fixes] };

    [Fact]
    public async Task Removing_a_claim_line_deletes_its_receipt_file_once_the_removal_is_saved()
    {
        var c = await ClaimWorld.CreateAsync(f);
        var project = await c.ReimbursementProjectAsync();
        var budgetLine = await c.LineIdAsync(project);
        var claim = await c.AddAsync(ClaimWorld.Line(project, budgetLine, "100.00"));
        await c.AddAsync(ClaimWorld.Line(project, budgetLine, "50.00", claim: claim));
        Assert.Equal(2, c.ReceiptFiles());
        var lines = await c.P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().AsNoTracking().Where(l => l.ClaimId == claim).OrderBy(l => l.Amount).ToListAsync());

        await f.SendAsync(new ClaimRemoveLine.RemoveLine { ClaimId = claim, LineId = lines[0].Id }, c.Member, c.Tenant);

        Assert.Equal(1, c.ReceiptFiles());
        Assert.Equal(lines[1].Id, (await c.P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().AsNoTracking().SingleAsync(l => l.ClaimId == claim))).Id);
        // The file left is the kept line's.
        Assert.False(File.Exists(ReceiptPath(c, lines[0].ReceiptStorageKey)));
        Assert.True(File.Exists(ReceiptPath(c, lines[1].ReceiptStorageKey)));
    }

    private static string ReceiptPath(ClaimWorld c, string key)
    {
        var options = c.F.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Web.Infrastructure.Files.FileStoreOptions>>().Value;
        var env = c.F.Factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>();
        return Path.Combine(Path.GetFullPath(options.Root, env.ContentRootPath), c.Tenant.Id.ToString("N"), key.Replace('/', Path.DirectorySeparatorChar));
    }
}
