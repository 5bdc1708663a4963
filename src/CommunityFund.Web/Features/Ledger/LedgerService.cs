using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using MySqlConnector;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Web.Features.Ledger;

public sealed record LineDraft(Guid AccountId, Guid FundId, decimal Debit, decimal Credit, string? Memo = null);

public sealed record EntryDraft(
    DateOnly Date, string Description, EntryKind Kind, IReadOnlyList<LineDraft> Lines,
    string? SourceType = null, Guid? SourceId = null, long? ReversesEntryId = null);

public sealed record PostedEntry(long Id, int Number);

/// <summary>Money leaving a fund: debit <see cref="DebitAccountId"/>, credit the fund's <see cref="CreditAccountKey"/> account (bank by default).</summary>
public sealed record PayOut(
    Guid FundId, decimal Amount, Guid DebitAccountId, DateOnly Date, string Description, EntryKind Kind,
    string? SourceType = null, Guid? SourceId = null, string CreditAccountKey = ChartOfAccounts.Bank);

/// <summary>
/// The only way money moves. Every posting runs inside the command's transaction: it checks the entry balances in
/// total and per fund, refuses closed periods, moves the maintained balances (asset balances only ever down to zero,
/// atomically, so no fund is overdrawn however many servers post at once), numbers the entry without gaps and
/// inserts it. Entries are never changed afterwards; corrections are reversals.
/// </summary>
public sealed class LedgerService(AppDbContext db, ITenantContext tenant, ICurrentUser user, TimeProvider clock, IStringLocalizer<LedgerResource> l)
{
    private Dictionary<string, Guid>? _systemAccounts;

    private Guid TenantId => tenant.Current?.Id ?? throw new TenantMismatchException("The ledger needs a tenant.");

    public async Task<PostedEntry> PostAsync(EntryDraft draft, CancellationToken ct = default)
    {
        var tenantId = TenantId;
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Postings run inside the command's transaction.");
        CheckShape(draft);

        var accountIds = draft.Lines.Select(x => x.AccountId).Distinct().ToList();
        var fundIds = draft.Lines.Select(x => x.FundId).Distinct().ToList();
        var accounts = await db.Set<LedgerAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        if (accounts.Count != accountIds.Count) throw Refuse("Ledger.UnknownAccount");
        var funds = await db.Set<Fund>().AsNoTracking().Where(f => fundIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        if (funds.Count != fundIds.Count) throw Refuse("Ledger.UnknownFund");

        var closedThrough = await db.Set<PeriodClose>().MaxAsync(p => (DateOnly?)p.ThroughDate, ct);
        if (closedThrough is { } closed && draft.Date <= closed)
            throw Refuse("Ledger.PeriodClosed", closed.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        // Balances first, always in the same order, so concurrent postings take row locks without deadlocking.
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        foreach (var g in draft.Lines.GroupBy(x => (x.FundId, x.AccountId)).OrderBy(g => g.Key.FundId).ThenBy(g => g.Key.AccountId))
        {
            var debit = g.Sum(x => x.Debit);
            var credit = g.Sum(x => x.Credit);
            var account = accounts[g.Key.AccountId];
            if (account.Type == AccountType.Asset && credit > debit)
            {
                // An asset never goes below zero: the guard and the change are one statement, so it holds under any concurrency.
                var changed = await ExecuteAsync(connection, transaction,
                    "UPDATE FundAccountBalances SET DebitTotal = DebitTotal + @d, CreditTotal = CreditTotal + @c " +
                    "WHERE TenantId = @t AND FundId = @f AND AccountId = @a AND DebitTotal - CreditTotal + @d - @c >= 0",
                    tenantId, g.Key.FundId, g.Key.AccountId, debit, credit, ct);
                if (changed == 0)
                    throw Refuse("Ledger.InsufficientBalance", funds[g.Key.FundId].NameZh, account.NameZh);
            }
            else
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO FundAccountBalances (TenantId, FundId, AccountId, DebitTotal, CreditTotal) VALUES (@t, @f, @a, @d, @c) " +
                    "ON DUPLICATE KEY UPDATE DebitTotal = DebitTotal + VALUES(DebitTotal), CreditTotal = CreditTotal + VALUES(CreditTotal)",
                    tenantId, g.Key.FundId, g.Key.AccountId, debit, credit, ct);
            }
        }

        var entry = new JournalEntry
        {
            Number = await NextCounterAsync(Counter.Entry, ct),
            Date = draft.Date,
            Description = draft.Description.Trim(),
            Kind = draft.Kind,
            SourceType = draft.SourceType,
            SourceId = draft.SourceId,
            ReversesEntryId = draft.ReversesEntryId,
            AuthorId = user.UserId ?? Guid.Empty,
            PostedAt = clock.GetUtcNow(),
            Lines = draft.Lines.Select((x, i) => new JournalLine
            {
                LineNo = i + 1, AccountId = x.AccountId, FundId = x.FundId, Debit = x.Debit, Credit = x.Credit, Memo = x.Memo,
            }).ToList(),
        };
        db.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } && draft.ReversesEntryId is not null)
        {
            throw Refuse("Ledger.AlreadyReversed");
        }
        return new PostedEntry(entry.Id, entry.Number);
    }

    /// <summary>Posts the mirror image of an entry. An entry is reversed at most once; a reversal is never reversed.</summary>
    public async Task<PostedEntry> ReverseAsync(long entryId, DateOnly date, string reason, CancellationToken ct = default)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).FirstOrDefaultAsync(e => e.Id == entryId, ct)
                       ?? throw new NotFoundException("No such entry in this tenant.");
        if (original.ReversesEntryId is not null) throw Refuse("Ledger.ReversalOfReversal");
        if (await db.Set<JournalEntry>().AnyAsync(e => e.ReversesEntryId == entryId, ct)) throw Refuse("Ledger.AlreadyReversed");
        var lines = original.Lines.OrderBy(x => x.LineNo)
            .Select(x => new LineDraft(x.AccountId, x.FundId, x.Credit, x.Debit, x.Memo)).ToList();
        var description = l["Ledger.ReversalDescription", original.Number, reason.Trim()].Value;
        return await PostAsync(new EntryDraft(date, description, EntryKind.Reversal, lines, original.SourceType, original.SourceId, entryId), ct);
    }

    /// <summary>The single way to take money out of a fund (grants, tranches and claims all come through here).</summary>
    public async Task<PostedEntry> PayOutAsync(PayOut payOut, CancellationToken ct = default)
    {
        if (payOut.Amount <= 0 || decimal.Round(payOut.Amount, 2) != payOut.Amount) throw Refuse("Money.NotPositive");
        var credit = await SystemAccountAsync(payOut.CreditAccountKey, ct);
        return await PostAsync(new EntryDraft(payOut.Date, payOut.Description, payOut.Kind,
        [
            new LineDraft(payOut.DebitAccountId, payOut.FundId, payOut.Amount, 0),
            new LineDraft(credit, payOut.FundId, 0, payOut.Amount),
        ], payOut.SourceType, payOut.SourceId), ct);
    }

    public async Task<Guid> SystemAccountAsync(string key, CancellationToken ct = default)
    {
        _systemAccounts ??= await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.SystemKey != null)
            .ToDictionaryAsync(a => a.SystemKey!, a => a.Id, ct);
        return _systemAccounts.TryGetValue(key, out var id) ? id : throw Refuse("Ledger.ChartMissing", key);
    }

    public enum Counter { Entry, Receipt }

    /// <summary>Gap-free because the counter row is updated inside the posting's transaction (a rollback returns the number).</summary>
    public async Task<int> NextCounterAsync(Counter counter, CancellationToken ct = default)
    {
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Numbers are taken inside a transaction.");
        var sql = counter == Counter.Entry
            ? "INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES (@t, LAST_INSERT_ID(2), 1) " +
              "ON DUPLICATE KEY UPDATE NextEntryNumber = LAST_INSERT_ID(NextEntryNumber + 1); SELECT LAST_INSERT_ID();"
            : "INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES (@t, 1, LAST_INSERT_ID(2)) " +
              "ON DUPLICATE KEY UPDATE NextReceiptNumber = LAST_INSERT_ID(NextReceiptNumber + 1); SELECT LAST_INSERT_ID();";
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = sql;
        command.Parameters.Add(new MySqlParameter("@t", TenantId.ToString()));
        var next = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return next - 1;
    }

    private void CheckShape(EntryDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Description)) throw Refuse("Ledger.DescriptionRequired");
        if (draft.Lines.Count < 2) throw Refuse("Ledger.TooFewLines");
        foreach (var x in draft.Lines)
        {
            var oneSided = (x.Debit > 0 && x.Credit == 0) || (x.Credit > 0 && x.Debit == 0);
            if (!oneSided || x.Debit < 0 || x.Credit < 0) throw Refuse("Ledger.LineOneSided");
            if (decimal.Round(x.Debit, 2) != x.Debit || decimal.Round(x.Credit, 2) != x.Credit) throw Refuse("Money.TooManyDecimals");
            if (x.Debit > MoneyInput.Max || x.Credit > MoneyInput.Max) throw Refuse("Money.TooLarge");
        }
        if (draft.Lines.Sum(x => x.Debit) != draft.Lines.Sum(x => x.Credit)) throw Refuse("Ledger.Unbalanced");
        if (draft.Lines.GroupBy(x => x.FundId).Any(g => g.Sum(x => x.Debit) != g.Sum(x => x.Credit))) throw Refuse("Ledger.UnbalancedFund");
    }

    private static async Task<int> ExecuteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql,
        Guid tenantId, Guid fundId, Guid accountId, decimal debit, decimal credit, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add(new MySqlParameter("@t", tenantId.ToString()));
        command.Parameters.Add(new MySqlParameter("@f", fundId.ToString()));
        command.Parameters.Add(new MySqlParameter("@a", accountId.ToString()));
        command.Parameters.Add(new MySqlParameter("@d", debit));
        command.Parameters.Add(new MySqlParameter("@c", credit));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private ValidationException Refuse(string key, params object[] args) => LedgerRefusal.Create(l[key, args]);
}

public static class LedgerRefusal
{
    /// <summary>A rule of the books, shown to the user like any validation message (not tied to one field).</summary>
    public static ValidationException Create(string message) => new([new ValidationFailure("", message)]);
}
