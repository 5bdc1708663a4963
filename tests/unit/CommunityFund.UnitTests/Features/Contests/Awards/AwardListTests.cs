using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Support;
using AwardsPage = CommunityFund.Web.Features.Contests.Awards.IndexModel;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Contests.Awards;

/// <summary>Proposing, withdrawing and confirming the award list through the real pipeline.</summary>
public class AwardListTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static ProposeModel.CutInput Cut(Guid proposal, string amount, string reason) => new() { ProposalId = proposal, Amount = amount, Reason = reason };

    private static Task<int> ListCountAsync(ContestWorld w) => w.ReadAsync(db => db.Set<AwardList>().CountAsync());

    private static async Task<string> RefusedAsync(Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(action);
        return string.Join(" | ", ex.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public async Task The_proposal_is_greedy_in_rank_order_within_the_budget()
    {
        var a = await AwardsWorld.CreateAsync(f);
        var listId = await a.ProposeAsync();

        var list = await a.World.ReadAsync(db => db.Set<AwardList>().SingleAsync());
        Assert.Equal((listId, AwardListStatus.Proposed, 50_000m, 45_000m, a.World.Secretary.Id),
            (list.Id, list.Status, list.TotalBudget, list.TotalAwarded, list.PreparedBy));
        var items = await a.World.ReadAsync(db => db.Set<AwardItem>().OrderBy(i => i.Rank).ToListAsync());
        Assert.Equal([a.First, a.Second, a.Third], items.Select(i => i.ProposalId));
        Assert.Equal([1, 2, 3], items.Select(i => i.Rank));
        Assert.Equal([30_000m, 25_000m, 15_000m], items.Select(i => i.Requested));
        Assert.Equal([30_000m, 0m, 15_000m], items.Select(i => i.Amount));
        Assert.Equal([AwardOutcome.Awarded, AwardOutcome.DoesNotFit, AwardOutcome.Awarded], items.Select(i => i.Outcome));

        var view = await f.SendAsync(new AwardsPage.Query { ContestId = a.World.ContestId }, a.World.Auditor, a.World.Tenant);
        Assert.Equal(5_000m, view.Current!.Remaining);
        Assert.Equal(["社区长者助餐", "困境儿童课后托管", "楼栋议事会"], view.Current.Items.Select(i => i.Title));
        Assert.Equal("石桥铺阳光社工服务中心", view.Current.Items[0].Organisation);
        Assert.False(view.CanPropose);
    }

    [Fact]
    public async Task A_cut_with_its_reason_changes_what_fits()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await a.ProposeAsync(Cut(a.Second, "20000", "场地费由社区免费提供"), Cut(a.Third, "", ""));

        var items = await a.World.ReadAsync(db => db.Set<AwardItem>().OrderBy(i => i.Rank).ToListAsync());
        // 30,000 + 20,000 uses the whole budget: the third no longer fits.
        Assert.Equal([30_000m, 20_000m, 0m], items.Select(i => i.Amount));
        Assert.Equal([AwardOutcome.Awarded, AwardOutcome.AwardedWithCut, AwardOutcome.DoesNotFit], items.Select(i => i.Outcome));
        Assert.Equal("场地费由社区免费提供", items[1].CutReason);
        Assert.Equal(50_000m, await a.World.ReadAsync(db => db.Set<AwardList>().Select(l => l.TotalAwarded).SingleAsync()));
    }

    [Fact]
    public async Task A_cut_above_the_request_without_a_reason_or_typed_loosely_is_refused_naming_the_proposal_and_saves_nothing()
    {
        var a = await AwardsWorld.CreateAsync(f);

        Assert.Contains("提案 2：核减后的金额不能超过申请金额 ¥25,000.00", await RefusedAsync(() => a.ProposeAsync(Cut(a.Second, "26000", "预算调整"))));
        Assert.Contains("提案 3：核减必须写明原因", await RefusedAsync(() => a.ProposeAsync(Cut(a.Third, "10000", "  "))));
        Assert.Contains("提案 1 的核减金额", await RefusedAsync(() => a.ProposeAsync(Cut(a.First, "20,000", "预算调整"))));
        Assert.Contains("提案 1：填写了核减原因，请同时填写核减后的金额", await RefusedAsync(() => a.ProposeAsync(Cut(a.First, "", "预算调整"))));
        Assert.Equal(0, await ListCountAsync(a.World));
        Assert.Equal(0, await a.World.ReadAsync(db => db.Set<AwardItem>().CountAsync()));
    }

    [Fact]
    public async Task Only_one_open_list_and_the_preparer_may_withdraw_it_and_propose_again()
    {
        var a = await AwardsWorld.CreateAsync(f);
        var otherSecretary = await f.CreateUserAsync();
        await f.GrantAsync(a.World.Tenant, otherSecretary, TenantRole.Secretariat);
        var first = await a.ProposeAsync();

        Assert.Contains("已有待确认或已确认的名单", await RefusedAsync(() => a.ProposeAsync()));
        Assert.Contains("只有名单的编制人可以撤回", await RefusedAsync(() =>
            f.SendAsync(new WithdrawModel.Withdraw { ContestId = a.World.ContestId, AwardListId = first }, otherSecretary, a.World.Tenant)));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new WithdrawModel.Withdraw { ContestId = a.World.ContestId, AwardListId = first }, a.World.Committee, a.World.Tenant));

        await f.SendAsync(new WithdrawModel.Withdraw { ContestId = a.World.ContestId, AwardListId = first }, a.World.Secretary, a.World.Tenant);
        var withdrawn = await a.World.ReadAsync(db => db.Set<AwardList>().SingleAsync());
        Assert.Equal((AwardListStatus.Withdrawn, a.World.Secretary.Id), (withdrawn.Status, withdrawn.WithdrawnBy));
        Assert.Contains("不能再做此操作", await RefusedAsync(() => a.ConfirmAsync(first)));

        var second = await a.ProposeAsync(Cut(a.Second, "20000", "场地费由社区免费提供"));
        Assert.NotEqual(first, second);
        Assert.Equal(2, await ListCountAsync(a.World));
        var view = await f.SendAsync(new AwardsPage.Query { ContestId = a.World.ContestId }, a.World.Committee, a.World.Tenant);
        Assert.Equal(second, view.Current!.Id);
        Assert.Single(view.Withdrawn);
    }

    [Fact]
    public async Task The_preparer_cannot_confirm_their_own_list_and_another_committee_member_confirms_it()
    {
        var a = await AwardsWorld.CreateAsync(f);
        await f.GrantAsync(a.World.Tenant, a.World.Secretary, TenantRole.Committee); // the preparer holds both roles
        var list = await a.ProposeAsync();

        Assert.Contains("编制人不能确认自己编制的名单", await RefusedAsync(() => a.ConfirmAsync(list, a.World.Secretary)));
        await Assert.ThrowsAsync<ForbiddenException>(() => a.ConfirmAsync(list, a.World.Auditor));
        Assert.False(await ConfirmedAsync(a.World));

        await a.ConfirmAsync(list, a.World.Committee2, "同意，按名单公示。");
        var confirmed = await a.World.ReadAsync(db => db.Set<AwardList>().SingleAsync());
        Assert.Equal((AwardListStatus.Confirmed, a.World.Committee2.Id, "同意，按名单公示。"), (confirmed.Status, confirmed.ConfirmedBy, confirmed.ConfirmNote));
        Assert.NotNull(confirmed.ConfirmedAt);
        Assert.True(await ConfirmedAsync(a.World));

        // Confirmed is final: neither confirmed again nor withdrawn, and no second list.
        Assert.Contains("不能再做此操作", await RefusedAsync(() => a.ConfirmAsync(list, a.World.Committee)));
        Assert.Contains("不能再做此操作", await RefusedAsync(() =>
            f.SendAsync(new WithdrawModel.Withdraw { ContestId = a.World.ContestId, AwardListId = list }, a.World.Secretary, a.World.Tenant)));
        Assert.Contains("已有待确认或已确认的名单", await RefusedAsync(() => a.ProposeAsync()));
    }

    [Fact]
    public async Task Two_concurrent_proposals_leave_exactly_one_list()
    {
        var a = await AwardsWorld.CreateAsync(f);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try { await a.ProposeAsync(); return null; }
            catch (ValidationException ex) { return ex; }
        }));

        Assert.Single(attempts, x => x is null);
        Assert.Contains("已有待确认或已确认的名单", Assert.Single(Assert.Single(attempts, x => x is not null)!.Errors).ErrorMessage);
        Assert.Equal(1, await ListCountAsync(a.World));
        Assert.Equal(3, await a.World.ReadAsync(db => db.Set<AwardItem>().CountAsync()));
    }

    [Fact]
    public async Task A_contest_without_accepted_proposals_has_nothing_to_award()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.ScoringClosed);
        Assert.Contains("没有已受理的提案", await RefusedAsync(() =>
            f.SendAsync(new ProposeModel.Propose { ContestId = w.ContestId }, w.Secretary, w.Tenant)));
        Assert.Equal(0, await ListCountAsync(w));
    }

    [Theory]
    [InlineData(ContestStage.Roadshow)]
    [InlineData(ContestStage.PublicNotice)]
    public async Task Lists_are_proposed_only_once_scoring_is_closed(ContestStage stage)
    {
        var a = await AwardsWorld.CreateAsync(f, stage);
        Assert.Contains("只有在“评分结束”阶段", await RefusedAsync(() => a.ProposeAsync()));
        Assert.Equal(0, await ListCountAsync(a.World));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new ProposeModel.Propose { ContestId = a.World.ContestId }, a.World.Committee, a.World.Tenant));
    }

    [Fact]
    public async Task The_award_page_shows_the_ranking_to_propose_from_and_then_the_list_with_its_totals()
    {
        var a = await AwardsWorld.CreateAsync(f);
        var t = a.World.Tenant.Identifier;
        var url = $"/{t}/contests/{a.World.ContestId}/awards";
        var client = f.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, t, a.World.Secretary.Email!, SliceFixture.Password);

        var form = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"propose-form\"", form);
        Assert.Contains("Input.Cuts[1].Amount", form);

        var refused = await HttpLogin.PostFormAsync(client, url, url + "/propose", new Dictionary<string, string>
        {
            ["Input.Cuts[0].ProposalId"] = a.First.ToString(), ["Input.Cuts[0].Amount"] = "40000", ["Input.Cuts[0].Reason"] = "调整",
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("提案 1：核减后的金额不能超过申请金额", refusedHtml);
        Assert.Contains("value=\"40000\"", refusedHtml); // what was typed stays on the form

        var proposed = await HttpLogin.PostFormAsync(client, url, url + "/propose", new Dictionary<string, string> { ["Input.Cuts[0].ProposalId"] = a.First.ToString() });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, proposed.StatusCode);
        var page = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"total-awarded\">¥45,000.00<", page);
        Assert.Contains("data-testid=\"remaining\">¥5,000.00<", page);
        Assert.Contains("预算不足未获资助", page);
        Assert.Contains("data-testid=\"withdraw-form\"", page);
        Assert.DoesNotContain("data-testid=\"confirm-form\"", page); // the preparer is not offered the confirm form

        var committee = f.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(committee, t, a.World.Committee2.Email!, SliceFixture.Password);
        var listId = await a.World.ReadAsync(db => db.Set<AwardList>().Select(l => l.Id).SingleAsync());
        Assert.Contains("data-testid=\"confirm-form\"", await committee.GetStringAsync(url));
        var confirmed = await HttpLogin.PostFormAsync(committee, url, $"{url}/{listId}/confirm", new Dictionary<string, string> { ["ConfirmNote"] = "同意。" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, confirmed.StatusCode);
        var final = await committee.GetStringAsync(url);
        Assert.Contains("管委会已确认", final);
        Assert.Contains("同意。", final);
        Assert.DoesNotContain("data-testid=\"confirm-form\"", final);
    }

    private static Task<bool> ConfirmedAsync(ContestWorld w) =>
        w.ReadAsync(async db => (await ContestFactsLoader.LoadAsync(db, await db.Set<Contest>().SingleAsync(), DateTimeOffset.UtcNow, default)).AwardsConfirmed);
}
