using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;

namespace CommunityFund.UnitTests.Features.Ledger;

/// <summary>DESIGN §8 invariants 1, 2 and 5 over random sequences of postings, reversals and transfers, on real MariaDB.</summary>
public class LedgerInvariantTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static Task AssertBooksAreSoundAsync(LedgerWorld w) => SoundBooks.AssertAsync(w.F, w.Tenant);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2021)]
    public async Task Random_postings_reversals_and_transfers_keep_the_books_sound(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var random = new Random(seed);
        var funds = new[] { w.General, w.Restricted };
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var cash = await w.AccountAsync(ChartOfAccounts.Cash);
        var income = await w.AccountAsync(ChartOfAccounts.DonationIndividual);
        var expense = await w.AccountAsync(ChartOfAccounts.ProjectExpense);
        var netAssets = await w.AccountAsync(ChartOfAccounts.NetAssets);
        var posted = new List<long>();
        var refused = 0;

        for (var step = 0; step < 40; step++)
        {
            var amount = Math.Round((decimal)random.Next(1, 2_000_000) / 100m, 2);
            var fund = funds[random.Next(2)];
            var other = fund == w.General ? w.Restricted : w.General;
            EntryDraft? draft = random.Next(5) switch
            {
                0 or 1 => new EntryDraft(new DateOnly(2021, 1 + random.Next(12), 1 + random.Next(28)), "捐赠 𠀀", EntryKind.Donation,
                    [new LineDraft(random.Next(2) == 0 ? bank : cash, fund, amount, 0), new LineDraft(income, fund, 0, amount)]),
                2 => new EntryDraft(new DateOnly(2021, 6, 1), "项目支出", EntryKind.Disbursement,
                    [new LineDraft(expense, fund, amount, 0), new LineDraft(bank, fund, 0, amount)]),
                3 => new EntryDraft(new DateOnly(2021, 6, 2), "基金间划转", EntryKind.FundTransfer,
                    [new LineDraft(netAssets, fund, amount, 0), new LineDraft(bank, fund, 0, amount),
                     new LineDraft(bank, other, amount, 0), new LineDraft(netAssets, other, 0, amount)]),
                _ => null,
            };
            try
            {
                if (draft is not null)
                    posted.Add((await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(draft))).Id);
                else if (posted.Count > 0)
                {
                    var target = posted[random.Next(posted.Count)];
                    posted.Add((await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(target, new DateOnly(2021, 12, 31), "更正"))).Id);
                }
            }
            catch (ValidationException)
            {
                refused++; // overdraft, second reversal, reversal of a reversal: refused, and nothing half-posted
            }
        }
        Assert.NotEmpty(posted);
        await AssertBooksAreSoundAsync(w);
    }

    [Fact]
    public async Task An_unbalanced_entry_or_one_unbalanced_within_a_fund_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var income = await w.AccountAsync(ChartOfAccounts.DonationIndividual);
        await Assert.ThrowsAsync<ValidationException>(() => w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(
            new EntryDraft(new DateOnly(2021, 1, 1), "x", EntryKind.Manual, [new LineDraft(bank, w.General, 10, 0), new LineDraft(income, w.General, 0, 9.99m)]))));
        await Assert.ThrowsAsync<ValidationException>(() => w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(
            new EntryDraft(new DateOnly(2021, 1, 1), "x", EntryKind.Manual, [new LineDraft(bank, w.General, 10, 0), new LineDraft(income, w.Restricted, 0, 10)]))));
        Assert.Equal(0, await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<JournalEntry>().CountAsync()));
    }

    [Fact]
    public async Task Posted_rows_cannot_be_changed_or_deleted_through_EF()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await w.ReceiveAsync(w.General, 100);
        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var entry = await db.Set<JournalEntry>().SingleAsync(e => e.Id == posted.Id);
            entry.Description = "改过的摘要";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<AppendOnlyViolationException>(() => f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.RemoveRange(await db.Set<JournalLine>().Where(l => l.EntryId == posted.Id).ToListAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Theory]
    [InlineData("UPDATE JournalEntries SET Description = 'tampered' WHERE Id = {0}")]
    [InlineData("DELETE FROM JournalEntries WHERE Id = {0}")]
    [InlineData("UPDATE JournalLines SET Debit = Debit + 1 WHERE EntryId = {0}")]
    [InlineData("DELETE FROM JournalLines WHERE EntryId = {0}")]
    public async Task Posted_rows_cannot_be_changed_or_deleted_by_raw_SQL(string sql)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await w.ReceiveAsync(w.General, 100);
        var ex = await Assert.ThrowsAsync<MySqlException>(() => f.Database.ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, posted.Id)));
        Assert.Contains("append-only", ex.Message);
        Assert.Equal(100m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task An_entry_is_reversed_once_and_a_reversal_is_never_reversed()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await w.ReceiveAsync(w.General, 100);
        var reversal = await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(posted.Id, new DateOnly(2021, 3, 2), "录错金额"));
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));

        var twice = await Assert.ThrowsAsync<ValidationException>(() => w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(posted.Id, new DateOnly(2021, 3, 3), "again")));
        var ofReversal = await Assert.ThrowsAsync<ValidationException>(() => w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(reversal.Id, new DateOnly(2021, 3, 3), "again")));
        Assert.Contains("已经冲销过", Assert.Single(twice.Errors).ErrorMessage);
        Assert.Contains("不能再次冲销", Assert.Single(ofReversal.Errors).ErrorMessage);
        Assert.Equal(2, await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<JournalEntry>().CountAsync()));
    }

    [Fact]
    public async Task Two_concurrent_reversals_of_one_entry_post_one()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var posted = await w.ReceiveAsync(w.General, 100);
        var attempts = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            try { await w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().ReverseAsync(posted.Id, new DateOnly(2021, 3, 2), "并发")); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(ok => ok));
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_back_dated_entry_into_a_closed_month_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new PeriodClose { ThroughDate = new DateOnly(2021, 3, 31), ClosedBy = w.Committee.Id, ClosedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var ex = await Assert.ThrowsAsync<ValidationException>(() => w.ReceiveAsync(w.General, 50, new DateOnly(2021, 3, 31)));
        Assert.Contains("2021-03-31", Assert.Single(ex.Errors).ErrorMessage);
        await w.ReceiveAsync(w.General, 50, new DateOnly(2021, 4, 1));
        Assert.Equal(50m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_fund_of_another_tenant_cannot_be_posted_to()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var bank = await w.AccountAsync(ChartOfAccounts.Bank);
        var income = await w.AccountAsync(ChartOfAccounts.DonationIndividual);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => w.InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(
            new EntryDraft(new DateOnly(2021, 1, 1), "x", EntryKind.Manual, [new LineDraft(bank, other.General, 10, 0), new LineDraft(income, other.General, 0, 10)]))));
        Assert.Contains("基金不存在", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(0m, await other.BalanceAsync(other.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_posting_that_waits_for_a_concurrent_close_is_refused_once_the_close_commits()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 10m, new DateOnly(2021, 1, 5));
        // A close in progress on "another server": it holds the counter row, as the close command does, and has
        // written its close but not committed yet.
        await using var closer = new MySqlConnection(f.Database.ConnectionString);
        await closer.OpenAsync();
        var closing = await closer.BeginTransactionAsync();
        await new MySqlCommand(
            $"INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES ('{w.Tenant.Id}', 1, 1) ON DUPLICATE KEY UPDATE TenantId = TenantId; " +
            $"INSERT INTO PeriodCloses (Id, TenantId, ThroughDate, ClosedBy, ClosedAt) VALUES ('{Guid.NewGuid()}', '{w.Tenant.Id}', '2021-03-31', '{w.Committee.Id}', UTC_TIMESTAMP(6));",
            closer, closing).ExecuteNonQueryAsync();

        var posting = Task.Run(() => w.ReceiveAsync(w.General, 20m, new DateOnly(2021, 3, 15)));
        await Task.Delay(300);
        Assert.False(posting.IsCompleted); // it waits for the close instead of slipping in before it
        await closing.CommitAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => posting);
        Assert.Contains("2021-03-31", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(10m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(1, await f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<JournalEntry>().CountAsync()));
    }
}
