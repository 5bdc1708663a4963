using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Support;

/// <summary>DESIGN §8 invariants 1, 2 and 5 checked over a tenant's whole journal.</summary>
public static class SoundBooks
{
    /// <summary>
    /// Every entry balances in total and per fund (so the trial balance is zero); the maintained balances equal the
    /// journal's fold for every fund and account, both ways; no asset of any fund is below zero; entry numbers are gap-free.
    /// </summary>
    public static Task AssertAsync(SliceFixture f, TenantInfo tenant) =>
        f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var lines = await db.Set<JournalLine>().AsNoTracking().ToListAsync();
            foreach (var entry in lines.GroupBy(x => x.EntryId))
            {
                Assert.Equal(entry.Sum(x => x.Debit), entry.Sum(x => x.Credit));
                foreach (var fund in entry.GroupBy(x => x.FundId)) Assert.Equal(fund.Sum(x => x.Debit), fund.Sum(x => x.Credit));
            }
            Assert.Equal(lines.Sum(x => x.Debit), lines.Sum(x => x.Credit));

            var fold = lines.GroupBy(x => (x.FundId, x.AccountId)).ToDictionary(g => g.Key, g => (D: g.Sum(x => x.Debit), C: g.Sum(x => x.Credit)));
            var kept = await db.Set<FundAccountBalance>().AsNoTracking().ToListAsync();
            foreach (var b in kept)
            {
                var (d, c) = fold.GetValueOrDefault((b.FundId, b.AccountId));
                Assert.Equal(d, b.DebitTotal);
                Assert.Equal(c, b.CreditTotal);
            }
            Assert.All(fold.Keys, k => Assert.Contains(kept, b => (b.FundId, b.AccountId) == k));

            var assets = await db.Set<LedgerAccount>().Where(a => a.Type == AccountType.Asset).Select(a => a.Id).ToListAsync();
            Assert.All(kept.Where(b => assets.Contains(b.AccountId)), b => Assert.True(b.DebitTotal >= b.CreditTotal));
            var numbers = await db.Set<JournalEntry>().OrderBy(e => e.Number).Select(e => e.Number).ToListAsync();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
            return 0;
        });
}
