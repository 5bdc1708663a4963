using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Support;

/// <summary>A tenant with the standard chart, two funds and a secretary; helpers to post and to read the books.</summary>
public sealed class LedgerWorld
{
    public required SliceFixture F { get; init; }
    public required TenantInfo Tenant { get; init; }
    public required AppUser Secretary { get; init; }
    public required AppUser Committee { get; init; }
    public required Guid General { get; init; }
    public required Guid Restricted { get; init; }

    public static async Task<LedgerWorld> CreateAsync(SliceFixture f)
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        var committee = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        await f.GrantAsync(tenant, committee, TenantRole.Committee);
        var (general, restricted) = await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await ChartOfAccounts.EnsureAsync(db);
            var g = new Fund { Code = "GEN", NameZh = "综合基金", NameEn = "General fund", Kind = FundKind.Unrestricted };
            var r = new Fund { Code = "XFJY", NameZh = "幸福家园建设资金", NameEn = "Happy Home fund", Kind = FundKind.Restricted, Purpose = "社区公共空间改造" };
            db.AddRange(g, r);
            await db.SaveChangesAsync();
            return (g.Id, r.Id);
        });
        return new LedgerWorld { F = f, Tenant = tenant, Secretary = secretary, Committee = committee, General = general, Restricted = restricted };
    }

    /// <summary>Runs ledger work the way a command does: one transaction inside the execution strategy, committed at the end.</summary>
    public Task<T> InTransactionAsync<T>(Func<IServiceProvider, Task<T>> work, SliceFixture? on = null) =>
        (on ?? F).InScopeAsync(Tenant, Secretary, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync();
                var result = await work(sp);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
                return result;
            });
        });

    public Task<Guid> AccountAsync(string key) =>
        F.InTenantAsync(Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<LedgerAccount>().Where(a => a.SystemKey == key).Select(a => a.Id).SingleAsync());

    /// <summary>Puts money into a fund's bank account as a donation would.</summary>
    public async Task<PostedEntry> ReceiveAsync(Guid fund, decimal amount, DateOnly? date = null)
    {
        var bank = await AccountAsync(ChartOfAccounts.Bank);
        var income = await AccountAsync(ChartOfAccounts.DonationEnterprise);
        return await InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PostAsync(new EntryDraft(
            date ?? new DateOnly(2021, 3, 1), "企业捐赠", EntryKind.Donation,
            [new LineDraft(bank, fund, amount, 0), new LineDraft(income, fund, 0, amount)])));
    }

    public async Task<PostedEntry> PayAsync(Guid fund, decimal amount, SliceFixture? on = null)
    {
        var expense = await AccountAsync(ChartOfAccounts.GrantExpense);
        return await InTransactionAsync(sp => sp.GetRequiredService<LedgerService>().PayOutAsync(
            new PayOut(fund, amount, expense, new DateOnly(2021, 4, 1), "资助拨付", EntryKind.Disbursement)), on);
    }

    public Task<decimal> BalanceAsync(Guid fund, string accountKey) =>
        F.InTenantAsync(Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var account = await db.Set<LedgerAccount>().Where(a => a.SystemKey == accountKey).Select(a => a.Id).SingleAsync();
            return await db.Set<FundAccountBalance>().Where(b => b.FundId == fund && b.AccountId == account)
                .Select(b => b.DebitTotal - b.CreditTotal).SingleOrDefaultAsync();
        });
}
