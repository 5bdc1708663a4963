using System.Net;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Transfers;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using Decide = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel.Decide;
using Withdraw = CommunityFund.Web.Features.Grants.Approvals.Requests.DetailModel.Withdraw;

namespace CommunityFund.UnitTests.Features.Ledger.Transfers;

/// <summary>
/// Transfers between funds: prepared by the secretariat, decided through the one approval component (the tenant's
/// thresholds; never by the preparer); the approving vote posts the transfer once, or is refused when the fund cannot cover it.
/// </summary>
public class FundTransferTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static CreateModel.Command Request(LedgerWorld w, string amount = "300.00", Guid? from = null, Guid? to = null) => new()
    {
        IdempotencyKey = Books.NewKey(), FromFundId = (from ?? w.General).ToString(), ToFundId = (to ?? w.Restricted).ToString(), Amount = amount,
        Date = "2021-06-01", Reason = "充实幸福家园项目资金池",
    };

    private static Decide Approve(Guid approval, string comment = "同意") => new() { RequestId = approval, Approve = true, Comment = comment };

    private static Decide Reject(Guid approval, string comment) => new() { RequestId = approval, Approve = false, Comment = comment };

    private static async Task<FundTransferRequest> TransferAsync(LedgerWorld w, Guid id) => (await Books.AllAsync<FundTransferRequest>(w)).Single(r => r.Id == id);

    /// <summary>The transfer's approval request, found as the page finds it (by kind and subject).</summary>
    private static Task<ApprovalRequest> ApprovalAsync(LedgerWorld w, Guid transfer) =>
        w.F.InTenantAsync(w.Tenant, sp => TransferApprovals.Of(sp.GetRequiredService<AppDbContext>(), transfer).AsNoTracking().SingleAsync());

    private async Task<AppUser> CommitteeMemberAsync(LedgerWorld w, params TenantRole[] more)
    {
        var user = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, user, TenantRole.Committee);
        foreach (var role in more) await f.GrantAsync(w.Tenant, user, role);
        return user;
    }

    [Fact]
    public async Task Preparing_starts_one_approval_request_and_approving_it_posts_one_entry_that_balances_within_each_fund()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var pending = await TransferAsync(w, id);
        Assert.Equal((TransferStatus.Pending, w.Secretary.Id, 300m, (long?)null), (pending.Status, pending.PreparedBy, pending.Amount, pending.EntryId));
        var approval = await ApprovalAsync(w, id);
        Assert.Equal((ApprovalKind.FundTransfer, id, (Guid?)null, 300m, 1, false, ApprovalStatus.Pending, w.Secretary.Id),
            (approval.Kind, approval.SubjectId, approval.OrganisationId, approval.Amount, approval.RequiredApprovals, approval.ChairRequired, approval.Status, approval.PreparedBy));
        Assert.Contains("综合基金 → 幸福家园建设资金", approval.Summary);
        Assert.Contains("¥300.00", approval.Summary);
        Assert.Single(await Books.EntriesAsync(w)); // preparing moves nothing

        Assert.Equal(ApprovalStatus.Approved, await f.SendAsync(Approve(approval.Id), w.Committee, w.Tenant));

        var approved = await TransferAsync(w, id);
        var entry = Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal((TransferStatus.Approved, (Guid?)w.Committee.Id, "同意", (long?)entry.Id), (approved.Status, approved.DecidedBy, approved.DecisionComment, approved.EntryId));
        Assert.Equal((nameof(FundTransferRequest), (Guid?)id, new DateOnly(2021, 6, 1)), (entry.SourceType, entry.SourceId, entry.Date));
        Assert.Equal(4, entry.Lines.Count);
        Books.AssertBalanced(entry);
        Assert.Equal(300m, (await Books.LineAsync(w, entry, ChartOfAccounts.NetAssets, w.General)).Debit);
        Assert.Equal(300m, (await Books.LineAsync(w, entry, ChartOfAccounts.Bank, w.General)).Credit);
        Assert.Equal(300m, (await Books.LineAsync(w, entry, ChartOfAccounts.Bank, w.Restricted)).Debit);
        Assert.Equal(300m, (await Books.LineAsync(w, entry, ChartOfAccounts.NetAssets, w.Restricted)).Credit);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(300m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task The_preparer_never_decides_their_own_request_even_holding_the_committee_role()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var both = await CommitteeMemberAsync(w, TenantRole.Secretariat);
        var id = await f.SendAsync(Request(w), both, w.Tenant);
        var approval = (await ApprovalAsync(w, id)).Id;

        var approve = await Books.RefusedAsync(() => f.SendAsync(Approve(approval), both, w.Tenant));
        Assert.Contains("编制人不能审批自己编制的申请", Books.MessageFor(approve, ""));
        var reject = await Books.RefusedAsync(() => f.SendAsync(Reject(approval, "撤回"), both, w.Tenant));
        Assert.Contains("编制人不能审批自己编制的申请", Books.MessageFor(reject, ""));
        Assert.Equal(TransferStatus.Pending, (await TransferAsync(w, id)).Status);
        Assert.Equal(ApprovalStatus.Pending, (await ApprovalAsync(w, id)).Status);
        Assert.Equal(1000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));

        await f.SendAsync(Approve(approval), w.Committee, w.Tenant);
        Assert.Equal(TransferStatus.Approved, (await TransferAsync(w, id)).Status);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_transfer_of_5000_01_needs_two_approvals_before_it_posts_and_5000_00_needs_one()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 20_000m);
        var second = await CommitteeMemberAsync(w);

        var above = await f.SendAsync(Request(w, "5000.01"), w.Secretary, w.Tenant);
        var aboveApproval = await ApprovalAsync(w, above);
        Assert.Equal((2, false), (aboveApproval.RequiredApprovals, aboveApproval.ChairRequired));
        Assert.Equal(ApprovalStatus.Pending, await f.SendAsync(Approve(aboveApproval.Id), w.Committee, w.Tenant));
        Assert.Equal((TransferStatus.Pending, (long?)null), ((await TransferAsync(w, above)).Status, (await TransferAsync(w, above)).EntryId));
        Assert.DoesNotContain(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(20_000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));

        Assert.Equal(ApprovalStatus.Approved, await f.SendAsync(Approve(aboveApproval.Id, "同意，第二人"), second, w.Tenant));
        var posted = await TransferAsync(w, above);
        Assert.Equal((TransferStatus.Approved, (Guid?)second.Id, "同意，第二人"), (posted.Status, posted.DecidedBy, posted.DecisionComment));
        Assert.Equal(14_999.99m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));

        var exact = await f.SendAsync(Request(w, "5000.00"), w.Secretary, w.Tenant);
        var exactApproval = await ApprovalAsync(w, exact);
        Assert.Equal(1, exactApproval.RequiredApprovals);
        Assert.Equal(ApprovalStatus.Approved, await f.SendAsync(Approve(exactApproval.Id), w.Committee, w.Tenant));
        Assert.Equal(TransferStatus.Approved, (await TransferAsync(w, exact)).Status);
        Assert.Equal(2, (await Books.EntriesAsync(w)).Count(e => e.Kind == EntryKind.FundTransfer));
        Assert.Equal(9_999.99m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(10_000.01m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task A_decided_request_cannot_be_decided_again_and_a_rejection_posts_nothing()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var second = await CommitteeMemberAsync(w);

        var rejected = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var rejectedApproval = (await ApprovalAsync(w, rejected)).Id;
        Assert.Equal(ApprovalStatus.Rejected, await f.SendAsync(Reject(rejectedApproval, "资金用途不明确"), w.Committee, w.Tenant));
        var ex = await Books.RefusedAsync(() => f.SendAsync(Approve(rejectedApproval), second, w.Tenant));
        Assert.Contains("不能再审批", Books.MessageFor(ex, ""));
        var r = await TransferAsync(w, rejected);
        Assert.Equal((TransferStatus.Rejected, (Guid?)w.Committee.Id, "资金用途不明确", (long?)null), (r.Status, r.DecidedBy, r.DecisionComment, r.EntryId));

        var approved = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var approvedApproval = (await ApprovalAsync(w, approved)).Id;
        await f.SendAsync(Approve(approvedApproval), w.Committee, w.Tenant);
        await Books.RefusedAsync(() => f.SendAsync(Reject(approvedApproval, "改主意了"), second, w.Tenant));
        await Books.RefusedAsync(() => f.SendAsync(Approve(approvedApproval), second, w.Tenant));
        Assert.Equal(TransferStatus.Approved, (await TransferAsync(w, approved)).Status);
        Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_withdrawn_request_marks_the_transfer_rejected_and_posts_nothing()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var approval = (await ApprovalAsync(w, id)).Id;

        Assert.Equal(ApprovalStatus.Withdrawn, await f.SendAsync(new Withdraw { RequestId = approval }, w.Secretary, w.Tenant));

        var t = await TransferAsync(w, id);
        Assert.Equal((TransferStatus.Rejected, (Guid?)w.Secretary.Id, "申请人已撤回这笔划转申请。", (long?)null), (t.Status, t.DecidedBy, t.DecisionComment, t.EntryId));
        await Books.RefusedAsync(() => f.SendAsync(Approve(approval), w.Committee, w.Tenant));
        Assert.DoesNotContain(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(1000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Committee_members_approving_at_once_post_once(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var members = new List<AppUser> { w.Committee };
        for (var i = 0; i < 5; i++) members.Add(await CommitteeMemberAsync(w));
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var approval = (await ApprovalAsync(w, id)).Id;

        var random = new Random(seed);
        var delays = members.Select(_ => random.Next(0, 10)).ToArray();
        using var start = new SemaphoreSlim(0);
        var attempts = members.Select((m, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            await Task.Delay(delays[i]);
            try { await f.SendAsync(Approve(approval), m, w.Tenant); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        start.Release(members.Count);

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(ok => ok));
        Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(300m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        var decided = await TransferAsync(w, id);
        Assert.Equal(TransferStatus.Approved, decided.Status);
        Assert.Contains(decided.DecidedBy!.Value, members.Select(m => m.Id));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task The_approving_vote_is_refused_when_the_from_fund_cannot_cover_it_and_nothing_is_saved()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 100m);
        var id = await f.SendAsync(Request(w, "300.00"), w.Secretary, w.Tenant);
        var approval = (await ApprovalAsync(w, id)).Id;

        var ex = await Books.RefusedAsync(() => f.SendAsync(Approve(approval), w.Committee, w.Tenant));
        var message = Books.MessageFor(ex, "");
        Assert.Contains("综合基金", message);
        Assert.Contains("余额不足", message);
        Assert.Contains("¥100.00", message);
        var english = await Books.RefusedAsync(() => f.SendAsync(Approve(approval), w.Committee, w.Tenant), "en");
        Assert.Contains("does not have enough", Books.MessageFor(english, ""));
        var still = await TransferAsync(w, id);
        Assert.Equal((TransferStatus.Pending, (Guid?)null, 0), (still.Status, still.DecidedBy, still.Version));
        Assert.Equal(ApprovalStatus.Pending, (await ApprovalAsync(w, id)).Status);
        Assert.Equal(0, await w.F.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<ApprovalDecision>().CountAsync(d => d.RequestId == approval)));
        Assert.Equal(100m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.DoesNotContain(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);

        await w.ReceiveAsync(w.General, 200m);
        await f.SendAsync(Approve(approval), w.Committee, w.Tenant);
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(300m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
    }

    [Theory]
    [InlineData("", "请填写金额")]
    [InlineData("abc", "金额必须是数字")]
    [InlineData("1,000.00", "不要输入千位分隔符")]
    [InlineData("１００", "请使用半角数字")]
    [InlineData("-5", "金额必须大于零")]
    [InlineData("0", "金额必须大于零")]
    [InlineData("0.001", "最多保留两位小数")]
    [InlineData("9999999999999", "金额不能超过")]
    public async Task A_bad_amount_is_refused_with_its_own_message(string amount, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await Books.RefusedAsync(() => f.SendAsync(Request(w, amount), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(ex, "Amount"));
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(w));
        Assert.Equal(0, await Books.CountAsync<ApprovalRequest>(w));
    }

    [Fact]
    public async Task The_same_fund_another_tenants_fund_and_a_missing_reason_are_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var same = await Books.RefusedAsync(() => f.SendAsync(Request(w, to: w.General), w.Secretary, w.Tenant));
        Assert.Contains("转出基金和转入基金不能相同", Books.MessageFor(same, "ToFundId"));
        var foreignTo = await Books.RefusedAsync(() => f.SendAsync(Request(w, to: other.Restricted), w.Secretary, w.Tenant));
        Assert.Contains("基金不存在", Books.MessageFor(foreignTo, "ToFundId"));
        var foreignFrom = await Books.RefusedAsync(() => f.SendAsync(Request(w, from: other.General), w.Secretary, w.Tenant));
        Assert.Contains("基金不存在", Books.MessageFor(foreignFrom, "FromFundId"));
        var noReason = Request(w);
        noReason.Reason = "";
        noReason.FromFundId = "";
        var ex = await Books.RefusedAsync(() => f.SendAsync(noReason, w.Secretary, w.Tenant));
        Assert.Contains("请填写划转事由", Books.MessageFor(ex, "Reason"));
        Assert.Contains("请选择基金", Books.MessageFor(ex, "FromFundId"));
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(w));
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(other));
        Assert.Equal(0, await Books.CountAsync<ApprovalRequest>(w));
    }

    [Fact]
    public async Task Only_the_secretariat_prepares_only_the_committee_decides_and_another_tenants_request_is_not_found()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        await other.ReceiveAsync(other.General, 1000m);
        await w.ReceiveAsync(w.General, 1000m);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Request(w), w.Committee, w.Tenant));
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var approval = (await ApprovalAsync(w, id)).Id;
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Approve(approval), w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Approve(approval), other.Committee, other.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new Withdraw { RequestId = approval }, other.Secretary, other.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { RequestId = id }, other.Committee, other.Tenant));
        Assert.Equal(TransferStatus.Pending, (await TransferAsync(w, id)).Status);
        Assert.Equal(ApprovalStatus.Pending, (await ApprovalAsync(w, id)).Status);
        Assert.Equal(1000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(1000m, await other.BalanceAsync(other.General, ChartOfAccounts.Bank));
        Assert.Equal(0, await Books.CountAsync<ApprovalRequest>(other));
    }

    [Fact]
    public async Task Preparing_again_with_the_same_key_makes_one_transfer_and_one_approval_request()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var request = Request(w);
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => f.SendAsync(request, w.Secretary, w.Tenant))));
        var id = Assert.Single(ids.Distinct());
        Assert.Equal(1, await Books.CountAsync<FundTransferRequest>(w));
        Assert.Equal(id, Assert.Single(await Books.AllAsync<ApprovalRequest>(w)).SubjectId);
    }

    [Fact]
    public async Task Through_the_pages_the_transfer_links_to_its_approval_where_a_committee_member_approves_it()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var secretary = await Books.SignedInAsync(f, w, w.Secretary);
        var t = w.Tenant.Identifier;
        Assert.Contains("还没有基金间划转申请", await Books.PageAsync(secretary, $"/{t}/ledger/transfers"));

        var fields = new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.FromFundId"] = w.General.ToString(), ["Input.ToFundId"] = w.General.ToString(),
            ["Input.Amount"] = "250", ["Input.Date"] = "2021-06-01", ["Input.Reason"] = "𠀀 社区活动中心改造",
        };
        var response = await HttpLogin.PostFormAsync(secretary, $"/{t}/ledger/transfers/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("转出基金和转入基金不能相同", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(w));

        fields["Input.ToFundId"] = w.Restricted.ToString();
        response = await HttpLogin.PostFormAsync(secretary, $"/{t}/ledger/transfers/new", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Assert.Single(await Books.AllAsync<FundTransferRequest>(w)).Id;
        var approval = (await ApprovalAsync(w, id)).Id;
        Assert.Equal("𠀀 社区活动中心改造", (await TransferAsync(w, id)).Reason);
        var own = await Books.PageAsync(secretary, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("data-testid=\"own-request\"", own);
        Assert.Contains($"href=\"/{t}/approvals/{approval}\"", own);
        Assert.Contains("data-testid=\"approval-status\">待审批<", own);
        Assert.DoesNotContain("data-testid=\"decide-link\"", own);
        Assert.DoesNotContain("decide-form", own); // no decision form of its own any more

        var committee = await Books.SignedInAsync(f, w, w.Committee);
        var detail = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("data-testid=\"decide-link\"", detail);
        Assert.Contains("¥250.00", detail);
        Assert.Contains("（已同意 0/1）", detail);
        Assert.Contains("data-testid=\"decide-form\"", await Books.PageAsync(committee, $"/{t}/approvals/{approval}"));
        response = await HttpLogin.PostFormAsync(committee, $"/{t}/approvals/{approval}?handler=Approve", new Dictionary<string, string> { ["Input.Comment"] = "同意划转" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("第 2 号凭证", after);
        Assert.Contains("data-testid=\"approval-status\">已批准<", after);
        Assert.DoesNotContain("data-testid=\"decide-link\"", after);
        var english = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}?culture=en");
        Assert.Contains("data-testid=\"status\">Approved<", english);
        Assert.Contains("同意划转", english);
        Assert.Equal(750m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        // Characters outside the BMP reach the browser as entities (&#x20000;), which it shows as 𠀀.
        Assert.Contains("𠀀 社区活动中心改造", WebUtility.HtmlDecode(await Books.PageAsync(committee, $"/{t}/ledger/transfers")));
    }
}
