using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Migrations;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Ledger;

/// <summary>The demo books of shipingqiao: the real fund's figures, and every ledger invariant holds on them.</summary>
public class DemoBooksTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<TenantInfo> SeededAsync()
    {
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null);
        return await f.InTenantAsync(null, async sp =>
            (await sp.GetRequiredService<CatalogDbContext>().Tenants.SingleAsync(t => t.Identifier == "shipingqiao")).ToInfo());
    }

    [Fact]
    public async Task The_demo_books_carry_the_real_funds_figures_and_balance()
    {
        var tenant = await SeededAsync();
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null); // idempotent: a second run adds nothing
        await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var funds = await db.Set<Fund>().ToDictionaryAsync(x => x.Code, x => x.Id);
            var donations = await db.Set<Donation>().ToListAsync();
            Assert.Equal(360000m, donations.Where(d => d.FundId == funds["QYJZ"]).Sum(d => d.Amount));
            Assert.InRange(donations.Count(d => d.FundId == funds["QYJZ"]), 45, 55);
            Assert.Equal(200000m, donations.Where(d => d.FundId == funds["CMJJ"] || d.FundId == funds["HSHJJ"] || d.FundId == funds["RDGY"]).Sum(d => d.Amount));
            var federation = await db.Set<InstitutionalIncome>().ToListAsync();
            Assert.Equal(600000m, federation.Where(x => x.FundId == funds["XFJY"]).Sum(x => x.Amount));
            Assert.Equal(200000m, federation.Where(x => x.FundId == funds["QZFC"]).Sum(x => x.Amount));
            var inKind = await db.Set<InKindDonation>().SumAsync(x => x.Total);
            Assert.InRange(inKind, 900000m, 1100000m);

            var lines = await db.Set<JournalLine>().ToListAsync();
            Assert.Equal(lines.Sum(x => x.Debit), lines.Sum(x => x.Credit));
            var fold = lines.GroupBy(x => (x.FundId, x.AccountId)).ToDictionary(g => g.Key, g => g.Sum(x => x.Debit) - g.Sum(x => x.Credit));
            var kept = await db.Set<FundAccountBalance>().ToListAsync();
            Assert.All(kept, b => Assert.Equal(fold.GetValueOrDefault((b.FundId, b.AccountId)), b.DebitTotal - b.CreditTotal));
            var onHand = await db.Set<InventoryItem>().SumAsync(i => i.ValueOnHand);
            var inventory = await db.Set<LedgerAccount>().SingleAsync(a => a.SystemKey == ChartOfAccounts.Inventory);
            Assert.Equal(onHand, kept.Where(b => b.AccountId == inventory.Id).Sum(b => b.DebitTotal - b.CreditTotal));
            return 0;
        });
    }
}
