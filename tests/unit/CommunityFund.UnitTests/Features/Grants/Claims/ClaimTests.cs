using System.Net;
using System.Net.Http.Headers;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Mediation;
using ClaimDetail = CommunityFund.Web.Features.Grants.Claims.DetailModel;
using FormPosts = CommunityFund.UnitTests.Features.Ledger.Accounts.FormPosts;
using ClaimAddLine = CommunityFund.Web.Features.Grants.Claims.AddLineModel;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;

namespace CommunityFund.UnitTests.Features.Grants.ClaimTests;

/// <summary>
/// Expense claims (issue #5 items 4 and 6): every refusal saves nothing; the secretariat's one-time return; settlement
/// through the ledger in both funding modes; no overdraft under concurrent settlement; access; budget vs actual.
/// </summary>
public class ClaimTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static async Task AssertRefusedAsync<T>(ClaimWorld w, Func<Task<T>> send, string property, string message)
    {
        var (claims, lines, files) = (await w.ClaimCountAsync(), await w.LineCountAsync(), w.ReceiptFiles());
        var refused = await Books.RefusedAsync(send);
        Assert.Contains(message, Books.MessageFor(refused, property));
        Assert.Equal((claims, lines, files), (await w.ClaimCountAsync(), await w.LineCountAsync(), w.ReceiptFiles()));
    }

    [Fact]
    public async Task A_line_above_the_budget_lines_remaining_is_refused_counting_other_pending_claims()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var budget = (await w.P.LinesAsync(project))[1];
        Assert.True(budget.Approved > 500m);

        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, budget.Id, ProjectWorld.Money(budget.Approved + 0.01m).Replace(",", "").Replace("¥", ""))),
            nameof(ClaimAddLine.AddLine.Amount), "超出预算科目");

        // A submitted claim holds its money: a second claim may use only what is left.
        var first = await w.AddAsync(ClaimWorld.Line(project, budget.Id, (budget.Approved - 500m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        await w.SubmitAsync(first);
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, budget.Id, "500.01")), nameof(ClaimAddLine.AddLine.Amount), "剩余 ¥500.00");
        var second = await w.AddAsync(ClaimWorld.Line(project, budget.Id, "500.00"));
        Assert.Equal(500m, (await w.ClaimAsync(second)).Total);
    }

    [Fact]
    public async Task A_duplicate_invoice_is_refused_and_let_through_only_by_the_secretariat_with_a_reason()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var line = await w.LineIdAsync(project);
        var first = await w.AddAsync(ClaimWorld.Line(project, line, invoice: " inv-2026-001 "));
        Assert.Equal("INV-2026-001", (await w.P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().SingleAsync(l => l.ClaimId == first))).InvoiceNumber);

        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, invoice: "INV-2026-001")), nameof(ClaimAddLine.AddLine.InvoiceNumber), "已在其他报销中使用");
        // The organisation cannot override itself.
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, invoice: "inv-2026-001", overrideReason: "我说可以")),
            nameof(ClaimAddLine.AddLine.InvoiceNumber), "已在其他报销中使用");
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, invoice: "inv-2026-001"), w.Secretary),
            nameof(ClaimAddLine.AddLine.OverrideReason), "放行须填写理由");

        var allowed = await w.AddAsync(ClaimWorld.Line(project, line, invoice: "inv-2026-001", overrideReason: "同一张发票分两次报销，已核对原件"), w.Secretary);
        var saved = await w.P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().SingleAsync(l => l.ClaimId == allowed));
        Assert.Equal(("INV-2026-001", "同一张发票分两次报销，已核对原件"), (saved.InvoiceNumber, saved.DuplicateOverrideReason));
    }

    [Fact]
    public async Task A_date_outside_the_project_period_and_an_exe_renamed_pdf_are_refused_and_nothing_is_stored()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var line = await w.LineIdAsync(project);
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, date: "2027-01-01")), nameof(ClaimAddLine.AddLine.Date), "项目期间");
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, date: "2026-02-28")), nameof(ClaimAddLine.AddLine.Date), "项目期间");

        var files = w.ReceiptFiles();
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(project, line, content: ClaimWorld.Exe, fileName: "发票.pdf")), "Receipt", "");
        var refused = await Books.RefusedAsync(() => w.AddAsync(ClaimWorld.Line(project, line, content: ClaimWorld.Exe, fileName: "发票.pdf")));
        Assert.NotEmpty(Books.MessageFor(refused, "Receipt"));
        Assert.Equal(files, w.ReceiptFiles());

        await w.AddAsync(ClaimWorld.Line(project, line, date: "2026-03-01"));
        Assert.Equal(files + 1, w.ReceiptFiles());

        // A project whose agreement is not signed yet takes no claims.
        var unsigned = await w.P.ProjectAsync(10_000m, Web.Features.Grants.Projects.FundingMode.Reimbursement);
        var unsignedLine = (await w.P.LinesAsync(unsigned))[0].Id;
        await AssertRefusedAsync(w, () => w.AddAsync(ClaimWorld.Line(unsigned, unsignedLine)), "", "项目须处于已签协议、执行中或结项报告阶段");
    }

    [Fact]
    public async Task A_claim_is_returned_once_resubmitted_and_a_second_return_is_refused_then_approval_is_requested_for_its_total()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var claim = await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project), "120.00"));
        await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project, 1), "80.50", claim: claim));
        Assert.Equal(ClaimStatus.Submitted, await w.SubmitAsync(claim));

        Assert.Equal(ClaimStatus.Returned, await w.ReviewAsync(claim, ClaimReview.ReviewAction.Return, fixes: "补充发票原件\n说明采购用途"));
        Assert.Equal(["补充发票原件", "说明采购用途"], (await w.ClaimAsync(claim)).GetFixList());
        Assert.Equal(ClaimStatus.Submitted, await w.SubmitAsync(claim));

        var again = await Books.RefusedAsync(() => w.ReviewAsync(claim, ClaimReview.ReviewAction.Return, fixes: "再补一项"));
        Assert.Contains("不能再次退回", Books.MessageFor(again, ""));
        Assert.Equal(ClaimStatus.Submitted, (await w.ClaimAsync(claim)).Status);

        Assert.Equal(ClaimStatus.AwaitingApproval, await w.ReviewAsync(claim, ClaimReview.ReviewAction.Approve));
        var request = await w.P.Contest.ReadAsync(db => db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == claim));
        Assert.Equal((ApprovalKind.ClaimPayment, 200.50m, ApprovalStatus.Pending), (request.Kind, request.Amount, request.Status));
        Assert.Equal(request.Id, (await w.ClaimAsync(claim)).ApprovalRequestId);
        await w.DecideAsync(claim, approve: true);
        Assert.Equal(ClaimStatus.Approved, (await w.ClaimAsync(claim)).Status);

        // Reject path: reason required, and the committee's rejection ends it.
        var other = await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project), "10.00"));
        await w.SubmitAsync(other);
        Assert.Contains("驳回须填写理由", Books.MessageFor(await Books.RefusedAsync(() => w.ReviewAsync(other, ClaimReview.ReviewAction.Reject)), ""));
        await w.ReviewAsync(other, ClaimReview.ReviewAction.Approve);
        await w.DecideAsync(other, approve: false);
        Assert.Equal(ClaimStatus.Rejected, (await w.ClaimAsync(other)).Status);
    }

    [Fact]
    public async Task Reimbursement_settlement_posts_Dr_project_expense_Cr_bank_once_and_the_fund_balance_drops()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var claim = await w.ApprovedClaimAsync(project, "300.00");
        var bank = await w.P.BankAsync();
        var settle = ClaimWorld.Settlement(claim);

        var settled = await f.SendAsync(settle, w.Secretary, w.Tenant);
        var twice = await f.SendAsync(settle, w.Secretary, w.Tenant); // a double submit settles once

        Assert.Equal(settled.EntryId, twice.EntryId);
        Assert.Equal(bank - 300m, await w.P.BankAsync());
        var entry = (await Books.EntriesAsync(w.P.Ledger)).Single(e => e.SourceType == "Claim");
        Assert.Equal((EntryKind.Reimbursement, (Guid?)claim), (entry.Kind, entry.SourceId));
        Assert.Equal((300m, 0m), ((await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.ProjectExpense, w.P.Fund)).Debit, (await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.ProjectExpense, w.P.Fund)).Credit));
        Assert.Equal((0m, 300m), ((await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.Bank, w.P.Fund)).Debit, (await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.Bank, w.P.Fund)).Credit));
        Books.AssertBalanced(entry);
        var row = await w.ClaimAsync(claim);
        Assert.Equal((ClaimStatus.Settled, (long?)entry.Id), (row.Status, row.JournalEntryId));
        Assert.NotNull(row.SettledAt);
        Assert.Contains("已结算", Books.MessageFor(await Books.RefusedAsync(() => w.SettleAsync(claim)), ""));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w.P.Ledger);
    }

    [Fact]
    public async Task Advance_write_off_posts_Dr_project_expense_Cr_advances_and_refuses_more_than_the_outstanding_advance()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.AdvanceProjectAsync();
        Assert.Equal(5_000m, await w.P.Ledger.BalanceAsync(w.P.Fund, ChartOfAccounts.Advances));
        var bank = await w.P.BankAsync();
        var first = await w.ApprovedClaimAsync(project, "3000.00");
        var second = await w.ApprovedClaimAsync(project, "2500.00");

        await w.SettleAsync(first);
        Assert.Equal(2_000m, await w.P.Ledger.BalanceAsync(w.P.Fund, ChartOfAccounts.Advances));
        Assert.Equal(bank, await w.P.BankAsync());
        var entry = (await Books.EntriesAsync(w.P.Ledger)).Single(e => e.SourceType == "Claim");
        Assert.Equal(EntryKind.AdvanceWriteOff, entry.Kind);
        Assert.Equal(3_000m, (await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.ProjectExpense, w.P.Fund)).Debit);
        Assert.Equal(3_000m, (await Books.LineAsync(w.P.Ledger, entry, ChartOfAccounts.Advances, w.P.Fund)).Credit);

        var entries = await w.P.EntriesAsync();
        var refused = await Books.RefusedAsync(() => w.SettleAsync(second));
        Assert.Contains("核销金额超过该项目尚未核销的预付款", Books.MessageFor(refused, ""));
        Assert.Equal(entries, await w.P.EntriesAsync());
        Assert.Equal(ClaimStatus.Approved, (await w.ClaimAsync(second)).Status);
        Assert.Equal(2_000m, await w.P.Ledger.BalanceAsync(w.P.Fund, ChartOfAccounts.Advances));
    }

    [Fact]
    public async Task Thirty_concurrent_settlements_against_a_nearly_empty_fund_never_overdraw_it()
    {
        var w = await ClaimWorld.CreateAsync(f, money: 0);
        var claims = new List<Guid>();
        for (var p = 0; p < 3; p++)
        {
            var project = await w.ReimbursementProjectAsync();
            for (var i = 0; i < 10; i++) claims.Add(await w.ApprovedClaimAsync(project, "100.00"));
        }
        await w.P.Ledger.ReceiveAsync(w.P.Fund, 1_050m);

        using var start = new SemaphoreSlim(0);
        var attempts = claims.Select(claim => Task.Run(async () =>
        {
            await start.WaitAsync();
            try { await w.SettleAsync(claim); return true; }
            catch (ValidationException ex)
            {
                Assert.Contains("不足", string.Join(" ", ex.Errors.Select(e => e.ErrorMessage)));
                return false;
            }
        })).ToList();
        start.Release(claims.Count);
        var settled = (await Task.WhenAll(attempts)).Count(ok => ok);

        var bank = await w.P.BankAsync();
        Assert.True(bank >= 0);
        Assert.Equal(10, settled);
        Assert.Equal(1_050m - settled * 100m, bank);
        var entries = (await Books.EntriesAsync(w.P.Ledger)).Where(e => e.SourceType == "Claim").ToList();
        Assert.Equal(settled, entries.Count);
        foreach (var e in entries) Books.AssertBalanced(e);
        var spent = await w.P.Contest.ReadAsync(db => db.Set<JournalLine>().Where(l => db.Set<JournalEntry>().Any(e => e.Id == l.EntryId && e.SourceType == "Claim")).SumAsync(l => l.Debit));
        Assert.Equal(settled * 100m, spent);
        Assert.Equal(settled, await w.P.Contest.ReadAsync(db => db.Set<ExpenseClaim>().CountAsync(c => c.Status == ClaimStatus.Settled)));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w.P.Ledger);
    }

    [Fact]
    public async Task Another_organisations_member_gets_403_and_another_tenant_404()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var budgetLine = await w.LineIdAsync(project);
        var claim = await w.AddAsync(ClaimWorld.Line(project, budgetLine));
        var stranger = w.P.Contest.OtherOrgMember;

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ClaimDetail.Query { ClaimId = claim }, stranger, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.AddAsync(ClaimWorld.Line(project, budgetLine), stranger));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.SubmitAsync(claim, stranger));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new BudgetVsActualModel.Query { ProjectId = project }, stranger, w.Tenant));

        var elsewhere = await ProjectWorld.CreateAsync(f, money: 0);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new ClaimDetail.Query { ClaimId = claim }, elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(ClaimWorld.Settlement(claim), elsewhere.Secretary, elsewhere.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new BudgetVsActualModel.Query { ProjectId = project }, elsewhere.Secretary, elsewhere.Tenant));
    }

    [Fact]
    public async Task Project_spent_totals_equal_the_sum_of_their_claim_ledger_lines()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        await w.SettleAsync(await w.ApprovedClaimAsync(project, "123.45"));
        await w.SettleAsync(await w.ApprovedClaimAsync(project, "76.55", position: 1));
        await w.ApprovedClaimAsync(project, "40.00"); // approved, not settled: pending, not spent

        var view = await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = project }, w.Member, w.Tenant);
        var claimIds = await w.P.Contest.ReadAsync(db => db.Set<ExpenseClaim>().Where(c => c.ProjectId == project).Select(c => (Guid?)c.Id).ToListAsync());
        var expense = await w.P.Ledger.AccountAsync(ChartOfAccounts.ProjectExpense);
        var ledger = await w.P.Contest.ReadAsync(db => db.Set<JournalLine>()
            .Where(l => l.AccountId == expense && db.Set<JournalEntry>().Any(e => e.Id == l.EntryId && e.SourceType == "Claim" && claimIds.Contains(e.SourceId)))
            .SumAsync(l => l.Debit - l.Credit));
        Assert.Equal(200m, view.Spent);
        Assert.Equal(ledger, view.Spent);
        Assert.Equal(40m, view.Pending);
        Assert.Equal(view.Approved - 240m, view.Remaining);
    }

    [Fact]
    public async Task Pages_render_and_a_bad_post_shows_the_chinese_message()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var claim = await w.ApprovedClaimAsync(project, "88.00");
        var t = w.Tenant.Identifier;
        var secretary = await Books.SignedInAsync(f, w.P.Ledger, w.Secretary);

        Assert.Contains("data-testid=\"claims\"", await Books.PageAsync(secretary, $"/{t}/projects/{project}/claims"));
        Assert.Contains("data-testid=\"settle\"", await Books.PageAsync(secretary, $"/{t}/claims/{claim}"));
        Assert.Contains("data-testid=\"totals\"", await Books.PageAsync(secretary, $"/{t}/projects/{project}/budget-vs-actual"));
        var csv = await secretary.GetAsync($"/{t}/projects/{project}/budget-vs-actual?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("预算科目", System.Text.Encoding.UTF8.GetString(bytes));

        var member = await Books.SignedInAsync(f, w.P.Ledger, w.Member);
        var url = $"/{t}/projects/{project}/claims/new";
        Assert.Contains("data-testid=\"claim-form\"", await Books.PageAsync(member, url));
        var token = await HttpLogin.AntiforgeryTokenAsync(member, url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent((await w.LineIdAsync(project)).ToString()), "Input.BudgetLineId" },
            { new StringContent("2027-05-01"), "Input.Date" },
            { new StringContent("某某文具店"), "Input.Payee" },
            { new StringContent("学习用品"), "Input.Description" },
            { new StringContent("10.00"), "Input.Amount" },
            { new StringContent("HTTP-0001"), "Input.InvoiceNumber" },
        };
        var file = new ByteArrayContent(ClaimWorld.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "receipt", "receipt.pdf");
        var response = await member.PostAsync(url, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("支出日期须在项目期间", await response.Content.ReadAsStringAsync());

        // A draft claim's page lets the member add lines and submit; a submitted one shows the secretariat's review.
        var draft = await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project), "5.00"));
        var draftPage = await Books.PageAsync(member, $"/{t}/claims/{draft}");
        Assert.Contains("data-testid=\"line-form\"", draftPage);
        Assert.Contains("data-testid=\"submit-form\"", draftPage);
        Assert.DoesNotContain("data-testid=\"review\"", draftPage);
        await w.SubmitAsync(draft);
        Assert.Contains("data-testid=\"review\"", await Books.PageAsync(secretary, $"/{t}/claims/{draft}"));
        var returned = await FormPosts.PostAsync(secretary, $"/{t}/claims/{draft}", $"/{t}/claims/{draft}/review", new Dictionary<string, string> { ["action"] = "Return", ["fixes"] = "" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Contains("退回须列出至少一项补正要求", await returned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Books.SignedInAsync(f, w.P.Ledger, w.P.Contest.OtherOrgMember)).GetAsync($"/{t}/claims/{claim}")).StatusCode);
    }

    [Fact]
    public async Task A_receipt_is_served_with_its_checked_type_to_readers_of_the_claim_only()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.ReimbursementProjectAsync();
        var claim = await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project), fileName: "发票.pdf"));
        var line = await w.P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().AsNoTracking().SingleAsync(l => l.ClaimId == claim));
        var t = w.Tenant.Identifier;
        var url = $"/{t}/claims/{claim}/receipts/{line.Id}";

        var member = await Books.SignedInAsync(f, w.P.Ledger, w.Member);
        Assert.Contains(url, await Books.PageAsync(member, $"/{t}/claims/{claim}")); // the claim page links each receipt
        var response = await member.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(ClaimWorld.Pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await Books.SignedInAsync(f, w.P.Ledger, w.P.Contest.Auditor)).GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await Books.SignedInAsync(f, w.P.Ledger, w.P.Contest.OtherOrgMember)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/{t}/claims/{claim}/receipts/{Guid.NewGuid()}")).StatusCode);
        var elsewhere = await ProjectWorld.CreateAsync(f, money: 0);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new ReceiptModel.Query { ClaimId = claim, LineId = line.Id }, elsewhere.Secretary, elsewhere.Tenant));
    }

    [Fact]
    public async Task The_project_page_shows_spent_pending_and_remaining_beside_each_budget_line()
    {
        var w = await ClaimWorld.CreateAsync(f);
        var project = await w.AdvanceProjectAsync(); // labour 8,000 + materials 2,000; ¥5,000 advanced
        var settled = await w.ApprovedClaimAsync(project, "1200.00");
        await w.SettleAsync(settled);
        var pending = await w.AddAsync(ClaimWorld.Line(project, await w.LineIdAsync(project), "300.00"));
        await w.SubmitAsync(pending);

        var actual = await f.SendAsync(new BudgetVsActualModel.Query { ProjectId = project }, w.Secretary, w.Tenant);
        var page = await Books.PageAsync(await Books.SignedInAsync(f, w.P.Ledger, w.Secretary), $"/{w.Tenant.Identifier}/projects/{project}");
        var table = page[page.IndexOf("data-testid=\"budget-actual\"")..];
        table = table[..table.IndexOf("</table>")];
        Assert.Contains("¥1,200.00", table);   // spent on labour
        Assert.Contains("¥300.00", table);     // pending on labour
        Assert.Contains("¥6,500.00", table);   // labour remaining: 8,000 − 1,200 − 300
        Assert.Contains("¥8,500.00", table);   // total remaining: 10,000 − 1,500
        Assert.Equal((1_200m, 300m, 8_500m), (actual.Spent, actual.Pending, actual.Remaining));
        Assert.Contains("¥5,000.00", page[page.IndexOf("data-testid=\"advanced-note\"")..]);
        Assert.Contains("data-print data-testid=\"print\"", page); // the project sheet prints without its forms
        Assert.Contains("no-print\" aria-labelledby=\"status-title\"", page);
    }
}
