using FluentValidation;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;

namespace CommunityFund.UnitTests.Features.Ledger.Reports;

/// <summary>Random books for the report tests, and the journal's own fold to check the reports against.</summary>
public static class ReportWorld
{
    /// <summary>Donations (money and goods), government and federation income, spending, goods issues, transfers, advances and their write-off, reversals.</summary>
    public static async Task SeedAsync(LedgerWorld w, int seed, int steps)
    {
        var random = new Random(seed);
        var funds = new[] { w.General, w.Restricted };
        var posted = new List<long>();
        await w.IncomeAsync(w.General, 50_000, new DateOnly(2021, 1, 1));
        await w.IncomeAsync(w.Restricted, 50_000, new DateOnly(2021, 1, 1), ChartOfAccounts.FederationGrant);
        for (var i = 0; i < steps; i++)
        {
            var date = new DateOnly(2021, 1 + random.Next(12), 1 + random.Next(28));
            var fund = funds[random.Next(2)];
            var other = fund == w.General ? w.Restricted : w.General;
            var amount = Math.Round(random.Next(100, 300_000) / 100m, 2);
            try
            {
                var entry = random.Next(9) switch
                {
                    0 => await w.IncomeAsync(fund, amount, date, ChartOfAccounts.DonationIndividual),
                    1 => await w.IncomeAsync(fund, amount, date, ChartOfAccounts.GovernmentTransfer),
                    2 => await w.PostAsync(date, "物资捐赠", EntryKind.InKindDonation, (ChartOfAccounts.Inventory, fund, amount, 0), (ChartOfAccounts.InKindDonation, fund, 0, amount)),
                    3 => await w.PostAsync(date, "物资发放", EntryKind.GoodsIssue, (ChartOfAccounts.ProjectExpense, fund, amount, 0), (ChartOfAccounts.Inventory, fund, 0, amount)),
                    4 => await w.SpendAsync(fund, amount, date, ChartOfAccounts.GrantExpense),
                    5 => await w.PostAsync(date, "基金间划转", EntryKind.FundTransfer,
                        (ChartOfAccounts.NetAssets, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount),
                        (ChartOfAccounts.Bank, other, amount, 0), (ChartOfAccounts.NetAssets, other, 0, amount)),
                    6 => await w.PostAsync(date, "预付资助款", EntryKind.Disbursement, (ChartOfAccounts.Advances, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount)),
                    7 => await w.PostAsync(date, "预付款核销", EntryKind.AdvanceWriteOff, (ChartOfAccounts.ProjectExpense, fund, amount, 0), (ChartOfAccounts.Advances, fund, 0, amount)),
                    _ when posted.Count > 0 => await w.ReverseAsync(posted[random.Next(posted.Count)], new DateOnly(2021, 12, 31)),
                    _ => await w.PostAsync(date, "现金提取", EntryKind.Manual, (ChartOfAccounts.Cash, fund, amount, 0), (ChartOfAccounts.Bank, fund, 0, amount)),
                };
                posted.Add(entry.Id);
            }
            catch (ValidationException)
            {
                // an asset would go below zero, or a second reversal: refused by the ledger, nothing posted
            }
        }
    }

    public sealed record Fold(Guid Fund, Guid Account, DateOnly Date, decimal Debit, decimal Credit);

    /// <summary>Every line with its entry's date, read straight from the journal.</summary>
    public static Task<List<Fold>> LinesAsync(LedgerWorld w) => w.DbAsync(db =>
        (from l in db.Set<JournalLine>()
         join e in db.Set<JournalEntry>() on l.EntryId equals e.Id
         select new Fold(l.FundId, l.AccountId, e.Date, l.Debit, l.Credit)).ToListAsync());
}
