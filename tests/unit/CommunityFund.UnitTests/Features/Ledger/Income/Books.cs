using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Income;

/// <summary>Reading the books back in the source-document tests: entries, balances, counts, refusals.</summary>
public static class Books
{
    public static Task<List<JournalEntry>> EntriesAsync(LedgerWorld w) =>
        w.F.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<JournalEntry>().AsNoTracking()
            .Include(e => e.Lines).OrderBy(e => e.Number).ToListAsync());

    public static Task<List<T>> AllAsync<T>(LedgerWorld w) where T : class =>
        w.F.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<T>().AsNoTracking().ToListAsync());

    public static Task<int> CountAsync<T>(LedgerWorld w) where T : class =>
        w.F.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<T>().CountAsync());

    /// <summary>The entry balances in total and within each fund.</summary>
    public static void AssertBalanced(JournalEntry entry)
    {
        Assert.Equal(entry.Lines.Sum(l => l.Debit), entry.Lines.Sum(l => l.Credit));
        foreach (var fund in entry.Lines.GroupBy(l => l.FundId)) Assert.Equal(fund.Sum(l => l.Debit), fund.Sum(l => l.Credit));
    }

    /// <summary>The one line of <paramref name="entry"/> on this account and fund.</summary>
    public static async Task<JournalLine> LineAsync(LedgerWorld w, JournalEntry entry, string accountKey, Guid fund)
    {
        var account = await w.AccountAsync(accountKey);
        return Assert.Single(entry.Lines, l => l.AccountId == account && l.FundId == fund);
    }

    /// <summary>DESIGN §8 invariant 2: the maintained balances equal the journal's fold.</summary>
    public static Task AssertMaintainedBalancesMatchJournalAsync(LedgerWorld w) =>
        w.F.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var fold = (await db.Set<JournalLine>().AsNoTracking().ToListAsync())
                .GroupBy(l => (l.FundId, l.AccountId)).ToDictionary(g => g.Key, g => (D: g.Sum(l => l.Debit), C: g.Sum(l => l.Credit)));
            foreach (var b in await db.Set<FundAccountBalance>().AsNoTracking().ToListAsync())
            {
                var (d, c) = fold.GetValueOrDefault((b.FundId, b.AccountId));
                Assert.Equal(d, b.DebitTotal);
                Assert.Equal(c, b.CreditTotal);
            }
            return 0;
        });

    /// <summary>Sends a request in zh-CN and expects it refused; returns the messages by property.</summary>
    public static async Task<ValidationException> RefusedAsync<T>(Func<Task<T>> send, string culture = "zh-CN") =>
        await UiCulture.InAsync(culture, async () => await Assert.ThrowsAsync<ValidationException>(send));

    public static string MessageFor(ValidationException ex, string property) =>
        string.Join(" | ", ex.Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage));

    public static async Task<HttpClient> SignedInAsync(SliceFixture f, LedgerWorld w, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    public static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static string NewKey() => InputRules.NewIdempotencyKey();
}
