using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Migrations;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Exports;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Exports;

/// <summary>Issue 3: "the ledger-cli export cross-check passes on the demo data".</summary>
public class LedgerCliDemoTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Ledger_reproduces_the_demo_books_of_shipingqiao_exactly()
    {
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null);
        var tenant = await f.InTenantAsync(null, async sp =>
            (await sp.GetRequiredService<CatalogDbContext>().Tenants.SingleAsync(t => t.Identifier == "shipingqiao")).ToInfo());
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, "shipingqiao", DemoData.EmailOf("shipingqiao", TenantRole.Auditor), DemoData.Password);

        var file = await LedgerBinary.ExportAsync(client, "/shipingqiao/ledger/export/journal.ledger");
        try
        {
            var ledger = await LedgerBinary.BalancesAsync(file);
            var expected = await f.InTenantAsync(tenant, async sp =>
            {
                var db = sp.GetRequiredService<AppDbContext>();
                var accounts = await db.Set<LedgerAccount>().ToDictionaryAsync(a => a.Id);
                var funds = await db.Set<Fund>().ToDictionaryAsync(x => x.Id);
                return (await db.Set<FundAccountBalance>().ToListAsync())
                    .Where(b => b.DebitTotal != b.CreditTotal)
                    .ToDictionary(b => $"{LedgerCliJournal.Root(accounts[b.AccountId].Type)}:{LedgerCliJournal.Segment(accounts[b.AccountId].Code)}:{LedgerCliJournal.Segment(funds[b.FundId].Code)}",
                        b => b.DebitTotal - b.CreditTotal);
            });
            Assert.True(expected.Count >= 10, "the demo books post to many fund/account pairs");
            Assert.Equal(expected.OrderBy(x => x.Key, StringComparer.Ordinal), ledger.OrderBy(x => x.Key, StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
