using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Accounts;

/// <summary>Helpers the books tests share (chart, journal, reports, closes, exports) on top of <see cref="LedgerWorld"/>.</summary>
public static class BooksKit
{
    public static async Task<AppUser> MemberAsync(this LedgerWorld w, TenantRole role)
    {
        var user = await w.F.CreateUserAsync();
        await w.F.GrantAsync(w.Tenant, user, role);
        return user;
    }

    /// <summary>A browser-like client signed in to the world's tenant (no automatic redirects).</summary>
    public static async Task<HttpClient> SignedInAsync(this LedgerWorld w, AppUser user)
    {
        var client = w.F.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    public static string Url(this LedgerWorld w, string path) => $"/{w.Tenant.Identifier}{path}";

    /// <summary>Posts an entry through the ledger service; lines name accounts by system key.</summary>
    public static async Task<PostedEntry> PostAsync(this LedgerWorld w, DateOnly date, string description, EntryKind kind,
        params (string Account, Guid Fund, decimal Debit, decimal Credit)[] lines)
    {
        var drafts = new List<LineDraft>();
        foreach (var (account, fund, debit, credit) in lines) drafts.Add(new LineDraft(await w.AccountAsync(account), fund, debit, credit));
        return await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(date, description, kind, drafts)));
    }

    public static Task<PostedEntry> ReverseAsync(this LedgerWorld w, long entryId, DateOnly date, string reason = "更正") =>
        w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(entryId, date, reason));

    /// <summary>Money in: Dr bank / Cr income.</summary>
    public static Task<PostedEntry> IncomeAsync(this LedgerWorld w, Guid fund, decimal amount, DateOnly date, string income = ChartOfAccounts.DonationEnterprise, string description = "企业捐赠") =>
        w.PostAsync(date, description, EntryKind.Donation, (ChartOfAccounts.Bank, fund, amount, 0), (income, fund, 0, amount));

    /// <summary>Money out: Dr expense / Cr bank.</summary>
    public static Task<PostedEntry> SpendAsync(this LedgerWorld w, Guid fund, decimal amount, DateOnly date, string expense = ChartOfAccounts.ProjectExpense, string description = "项目支出") =>
        w.PostAsync(date, description, EntryKind.Disbursement, (expense, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount));

    /// <summary>Runs a read against the world's tenant database.</summary>
    public static Task<T> DbAsync<T>(this LedgerWorld w, Func<AppDbContext, Task<T>> read) =>
        w.F.InTenantAsync(w.Tenant, sp => read(sp.GetRequiredService<AppDbContext>()));

    public static Task<int> EntryCountAsync(this LedgerWorld w) => w.DbAsync(db => db.Set<JournalEntry>().CountAsync());

    public static async Task<string> PageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url} answered {(int)response.StatusCode}, expected {(int)expected}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }
}

public static class FormPosts
{
    /// <summary>Posts a form to <paramref name="postUrl"/> with the antiforgery token the page at <paramref name="pageUrl"/> rendered.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, IDictionary<string, string> fields)
    {
        var token = await HttpLogin.AntiforgeryTokenAsync(client, pageUrl);
        Assert.False(string.IsNullOrEmpty(token), $"{pageUrl} rendered no antiforgery token");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(form));
    }
}
