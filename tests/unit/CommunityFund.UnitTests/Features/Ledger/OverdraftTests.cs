using FluentValidation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;

namespace CommunityFund.UnitTests.Features.Ledger;

/// <summary>DESIGN §8 invariant 3: no fund is overdrawn, however many payments race for it.</summary>
public class OverdraftTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static async Task<int> RaceAsync(LedgerWorld w, int attempts, int seed, params SliceFixture[] servers)
    {
        var random = new Random(seed);
        var delays = Enumerable.Range(0, attempts).Select(_ => random.Next(0, 15)).ToArray();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, attempts).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            await Task.Delay(delays[i]);
            try { await w.PayAsync(w.General, 3m, servers[i % servers.Length]); return true; }
            catch (ValidationException) { return false; }
        })).ToList();
        start.Release(attempts);
        return (await Task.WhenAll(tasks)).Count(ok => ok);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Fifty_concurrent_payments_of_3_yuan_from_100_yuan_pay_exactly_33(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 100m);
        Assert.Equal(33, await RaceAsync(w, 50, seed, f));
        Assert.Equal(1m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(99m, await w.BalanceAsync(w.General, ChartOfAccounts.GrantExpense));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task The_same_race_across_two_app_servers_still_pays_exactly_33(int seed)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 100m);
        // A second host: its own DI container, DbContexts and connection pool; only the database is shared.
        await using var second = new SliceFixtureOnSameDatabase(f);
        Assert.Equal(33, await RaceAsync(w, 50, seed, f, second.Fixture));
        Assert.Equal(1m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_payment_larger_than_the_balance_is_refused_with_the_fund_named()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.ReceiveAsync(w.General, 10m);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => w.PayAsync(w.General, 10.01m));
        Assert.Contains("综合基金", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Equal(10m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }
}
