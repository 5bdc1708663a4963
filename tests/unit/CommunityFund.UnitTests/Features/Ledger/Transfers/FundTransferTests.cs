using System.Net;
using FluentValidation;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Transfers;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.Transfers;

/// <summary>Transfers between funds: prepared by the secretariat, decided once by a committee member who is not the preparer.</summary>
public class FundTransferTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static CreateModel.Command Request(LedgerWorld w, string amount = "300.00", Guid? from = null, Guid? to = null) => new()
    {
        IdempotencyKey = Books.NewKey(), FromFundId = (from ?? w.General).ToString(), ToFundId = (to ?? w.Restricted).ToString(), Amount = amount,
        Date = "2021-06-01", Reason = "充实幸福家园项目资金池",
    };

    private static DetailModel.Command Decide(Guid request, bool approve, string comment = "同意", string? key = null) =>
        new() { IdempotencyKey = key ?? Books.NewKey(), RequestId = request, Approve = approve, Comment = comment };

    private static async Task<FundTransferRequest> RequestAsync(LedgerWorld w, Guid id) => (await Books.AllAsync<FundTransferRequest>(w)).Single(r => r.Id == id);

    private async Task<AppUser> CommitteeMemberAsync(LedgerWorld w, params TenantRole[] more)
    {
        var user = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, user, TenantRole.Committee);
        foreach (var role in more) await f.GrantAsync(w.Tenant, user, role);
        return user;
    }

    [Fact]
    public async Task An_approved_transfer_posts_one_entry_that_balances_within_each_fund()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        var pending = await RequestAsync(w, id);
        Assert.Equal((TransferStatus.Pending, w.Secretary.Id, 300m, (long?)null), (pending.Status, pending.PreparedBy, pending.Amount, pending.EntryId));
        Assert.Single(await Books.EntriesAsync(w)); // preparing moves nothing

        var decision = await f.SendAsync(Decide(id, approve: true), w.Committee, w.Tenant);

        var approved = await RequestAsync(w, id);
        Assert.Equal((TransferStatus.Approved, (Guid?)w.Committee.Id, "同意", decision.EntryId), (approved.Status, approved.DecidedBy, approved.DecisionComment, approved.EntryId));
        var entry = Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
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

        var approve = await Books.RefusedAsync(() => f.SendAsync(Decide(id, approve: true), both, w.Tenant));
        Assert.Contains("不能审批自己提出的划转申请", Books.MessageFor(approve, ""));
        var reject = await Books.RefusedAsync(() => f.SendAsync(Decide(id, approve: false, comment: "撤回"), both, w.Tenant));
        Assert.Contains("不能审批自己提出的划转申请", Books.MessageFor(reject, ""));
        Assert.Equal(TransferStatus.Pending, (await RequestAsync(w, id)).Status);
        Assert.Equal(1000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));

        await f.SendAsync(Decide(id, approve: true), w.Committee, w.Tenant);
        Assert.Equal(TransferStatus.Approved, (await RequestAsync(w, id)).Status);
    }

    [Fact]
    public async Task A_decided_request_cannot_be_decided_again()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var second = await CommitteeMemberAsync(w);

        var rejected = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        await f.SendAsync(Decide(rejected, approve: false, comment: "资金用途不明确"), w.Committee, w.Tenant);
        var ex = await Books.RefusedAsync(() => f.SendAsync(Decide(rejected, approve: true), second, w.Tenant));
        Assert.Contains("已经审批过", Books.MessageFor(ex, ""));
        Assert.Equal((TransferStatus.Rejected, "资金用途不明确"), ((await RequestAsync(w, rejected)).Status, (await RequestAsync(w, rejected)).DecisionComment));

        var approved = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        await f.SendAsync(Decide(approved, approve: true), w.Committee, w.Tenant);
        await Books.RefusedAsync(() => f.SendAsync(Decide(approved, approve: false, comment: "改主意了"), second, w.Tenant));
        await Books.RefusedAsync(() => f.SendAsync(Decide(approved, approve: true), second, w.Tenant));
        Assert.Equal(TransferStatus.Approved, (await RequestAsync(w, approved)).Status);
        Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
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

        var random = new Random(seed);
        var delays = members.Select(_ => random.Next(0, 10)).ToArray();
        using var start = new SemaphoreSlim(0);
        var attempts = members.Select((m, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            await Task.Delay(delays[i]);
            try { await f.SendAsync(Decide(id, approve: true), m, w.Tenant); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        start.Release(members.Count);

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(ok => ok));
        Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(300m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
        var decided = await RequestAsync(w, id);
        Assert.Equal(TransferStatus.Approved, decided.Status);
        Assert.Contains(decided.DecidedBy!.Value, members.Select(m => m.Id));
    }

    [Fact]
    public async Task Approval_is_refused_when_the_from_fund_cannot_cover_it_and_the_request_stays_pending()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 100m);
        var id = await f.SendAsync(Request(w, "300.00"), w.Secretary, w.Tenant);

        var ex = await Books.RefusedAsync(() => f.SendAsync(Decide(id, approve: true), w.Committee, w.Tenant));
        var message = Books.MessageFor(ex, "");
        Assert.Contains("综合基金", message);
        Assert.Contains("余额不足", message);
        var still = await RequestAsync(w, id);
        Assert.Equal((TransferStatus.Pending, (Guid?)null, 0), (still.Status, still.DecidedBy, still.Version));
        Assert.Equal(100m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.DoesNotContain(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);

        await w.ReceiveAsync(w.General, 200m);
        await f.SendAsync(Decide(id, approve: true), w.Committee, w.Tenant);
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
        var noComment = await Books.RefusedAsync(() => f.SendAsync(Decide(Guid.NewGuid(), approve: false, comment: " "), w.Committee, w.Tenant));
        Assert.Contains("驳回时请填写意见", Books.MessageFor(noComment, "Comment"));
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(w));
        Assert.Equal(0, await Books.CountAsync<FundTransferRequest>(other));
    }

    [Fact]
    public async Task Only_the_secretariat_prepares_only_the_committee_decides_and_another_tenants_request_is_not_found()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Request(w), w.Committee, w.Tenant));
        var id = await f.SendAsync(Request(w), w.Secretary, w.Tenant);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Decide(id, approve: true), w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Decide(id, approve: true), other.Committee, other.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new DetailModel.Query { RequestId = id }, other.Committee, other.Tenant));
        Assert.Equal(TransferStatus.Pending, (await RequestAsync(w, id)).Status);
    }

    [Fact]
    public async Task Preparing_and_approving_again_with_the_same_key_act_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 1000m);
        var request = Request(w);
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => f.SendAsync(request, w.Secretary, w.Tenant))));
        var id = Assert.Single(ids.Distinct());
        Assert.Equal(1, await Books.CountAsync<FundTransferRequest>(w));

        var approve = Decide(id, approve: true);
        var first = await f.SendAsync(approve, w.Committee, w.Tenant);
        var again = await f.SendAsync(approve, w.Committee, w.Tenant);
        Assert.Equal(first, again);
        Assert.Single(await Books.EntriesAsync(w), e => e.Kind == EntryKind.FundTransfer);
        Assert.Equal(700m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task Through_the_pages_the_preparer_sees_no_decision_form_and_a_committee_member_approves_with_confirmation()
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
        Assert.Equal("𠀀 社区活动中心改造", (await RequestAsync(w, id)).Reason);
        var own = await Books.PageAsync(secretary, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("data-testid=\"own-request\"", own);
        Assert.DoesNotContain("data-testid=\"decide-form\"", own);

        var committee = await Books.SignedInAsync(f, w, w.Committee);
        var detail = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("data-testid=\"decide-form\"", detail);
        Assert.Contains("onclick=\"return confirm(this.dataset.confirm)\"", detail);
        Assert.Contains("¥250.00", detail);
        response = await HttpLogin.PostFormAsync(committee, $"/{t}/ledger/transfers/{id}?handler=Approve", new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.Comment"] = "同意划转",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}");
        Assert.Contains("已批准，并生成第 2 号凭证", after);
        Assert.DoesNotContain("data-testid=\"decide-form\"", after);
        var english = await Books.PageAsync(committee, $"/{t}/ledger/transfers/{id}?culture=en");
        Assert.Contains("data-testid=\"status\">Approved<", english);
        Assert.Contains("同意划转", english);
        Assert.Equal(750m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        // Characters outside the BMP reach the browser as entities (&#x20000;), which it shows as 𠀀.
        Assert.Contains("𠀀 社区活动中心改造", WebUtility.HtmlDecode(await Books.PageAsync(committee, $"/{t}/ledger/transfers")));
    }
}
