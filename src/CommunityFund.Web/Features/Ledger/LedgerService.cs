using System.Data.Common;
using System.Globalization;
using System.Text;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Ledger;

public sealed record LineDraft(Guid AccountId, Guid FundId, decimal Debit, decimal Credit, string? Memo = null);

public sealed record EntryDraft(
    DateOnly Date, string Description, EntryKind Kind, IReadOnlyList<LineDraft> Lines,
    string? SourceType = null, Guid? SourceId = null, long? ReversesEntryId = null);

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
        if (accounts.Count != accountIds.Count) throw Refusal.Because(l["Ledger.UnknownAccount"]);
        var funds = await db.Set<Fund>().AsNoTracking().Where(f => fundIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        if (funds.Count != fundIds.Count) throw Refusal.Because(l["Ledger.UnknownFund"]);

        // Closed periods are checked here for a clear first answer, and again under the counter lock (see InsertEntryAsync)
        // so that a close committed meanwhile on another server is honoured too.
        var closedThrough = await db.Set<PeriodClose>().MaxAsync(p => (DateOnly?)p.ThroughDate, ct);
        if (closedThrough is { } closed && draft.Date <= closed)
            throw Refusal.Because(l["Ledger.PeriodClosed", closed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);

        // The write phase is three round trips while row locks are held: the balances (one batch), the numbered entry
        // with its lines (one batch), then the caller's commit. Keeping it short is what lets one fund take hundreds
        // of postings a second.
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        await MoveBalancesAsync(connection, transaction, tenantId, draft, accounts, funds, ct);
        return await InsertEntryAsync(connection, transaction, tenantId, draft, ct);
    }

    /// <summary>
    /// All balance changes in one batch, always in the same (fund, account) order so concurrent postings take row locks
    /// without deadlocking. An asset never goes below zero: each decrease is a conditional UPDATE whose guard and change
    /// are one statement, so the rule holds under any concurrency, on any number of app servers.
    /// </summary>
    private async Task MoveBalancesAsync(DbConnection connection, DbTransaction transaction, Guid tenantId, EntryDraft draft,
        Dictionary<Guid, LedgerAccount> accounts, Dictionary<Guid, Fund> funds, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.Add(new MySqlParameter("@t", tenantId.ToString()));
        var sql = new StringBuilder();
        var guarded = new List<(Guid Fund, Guid Account)>();
        var i = 0;
        foreach (var g in draft.Lines.GroupBy(x => (x.FundId, x.AccountId)).OrderBy(g => g.Key.FundId).ThenBy(g => g.Key.AccountId))
        {
            var debit = g.Sum(x => x.Debit);
            var credit = g.Sum(x => x.Credit);
            command.Parameters.Add(new MySqlParameter($"@f{i}", g.Key.FundId.ToString()));
            command.Parameters.Add(new MySqlParameter($"@a{i}", g.Key.AccountId.ToString()));
            command.Parameters.Add(new MySqlParameter($"@d{i}", debit));
            command.Parameters.Add(new MySqlParameter($"@c{i}", credit));
            if (accounts[g.Key.AccountId].Type == AccountType.Asset && credit > debit)
            {
                sql.Append(
                    $"UPDATE FundAccountBalances SET DebitTotal = DebitTotal + @d{i}, CreditTotal = CreditTotal + @c{i} " +
                    $"WHERE TenantId = @t AND FundId = @f{i} AND AccountId = @a{i} AND DebitTotal - CreditTotal + @d{i} - @c{i} >= 0; SELECT ROW_COUNT();");
                guarded.Add(g.Key);
            }
            else
            {
                sql.Append(
                    $"INSERT INTO FundAccountBalances (TenantId, FundId, AccountId, DebitTotal, CreditTotal) VALUES (@t, @f{i}, @a{i}, @d{i}, @c{i}) " +
                    "ON DUPLICATE KEY UPDATE DebitTotal = DebitTotal + VALUES(DebitTotal), CreditTotal = CreditTotal + VALUES(CreditTotal);");
            }
            i++;
        }
        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(ct);
        foreach (var key in guarded)
        {
            // Each guarded UPDATE is followed by its own SELECT ROW_COUNT(): one result set per guard, in order.
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct)) { }
            var changed = await reader.ReadAsync(ct) ? Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : 0;
            if (changed == 0) throw Refusal.Because(l["Ledger.InsufficientBalance", funds[key.Fund].NameZh, accounts[key.Account].NameZh]);
            await reader.NextResultAsync(ct);
        }
    }

    /// <summary>Takes the next gap-free number (the counter row stays locked until commit) and inserts the entry and its lines.</summary>
    private async Task<PostedEntry> InsertEntryAsync(DbConnection connection, DbTransaction transaction, Guid tenantId, EntryDraft draft, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var p = command.Parameters;
        p.Add(new MySqlParameter("@t", tenantId.ToString()));
        p.Add(new MySqlParameter("@date", draft.Date.ToDateTime(TimeOnly.MinValue)));
        p.Add(new MySqlParameter("@description", draft.Description.Trim()));
        p.Add(new MySqlParameter("@kind", draft.Kind.ToString()));
        p.Add(new MySqlParameter("@sourceType", (object?)draft.SourceType ?? DBNull.Value));
        p.Add(new MySqlParameter("@sourceId", (object?)draft.SourceId?.ToString() ?? DBNull.Value));
        p.Add(new MySqlParameter("@reverses", (object?)draft.ReversesEntryId ?? DBNull.Value));
        p.Add(new MySqlParameter("@author", (user.UserId ?? Guid.Empty).ToString()));
        p.Add(new MySqlParameter("@postedAt", clock.GetUtcNow().UtcDateTime));
        var lines = new StringBuilder();
        for (var i = 0; i < draft.Lines.Count; i++)
        {
            var x = draft.Lines[i];
            p.Add(new MySqlParameter($"@la{i}", x.AccountId.ToString()));
            p.Add(new MySqlParameter($"@lf{i}", x.FundId.ToString()));
            p.Add(new MySqlParameter($"@ld{i}", x.Debit));
            p.Add(new MySqlParameter($"@lc{i}", x.Credit));
            p.Add(new MySqlParameter($"@lm{i}", (object?)x.Memo ?? DBNull.Value));
            lines.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(@t, @entry, {i + 1}, @la{i}, @lf{i}, @ld{i}, @lc{i}, @lm{i})");
        }
        command.CommandText =
            "INSERT INTO LedgerCounters (TenantId, NextEntryNumber, NextReceiptNumber) VALUES (@t, LAST_INSERT_ID(2), 1) " +
            "ON DUPLICATE KEY UPDATE NextEntryNumber = LAST_INSERT_ID(NextEntryNumber + 1); " +
            "SET @number = LAST_INSERT_ID() - 1; " +
            // Read under the counter lock that a period close also takes, so a close and a posting cannot interleave.
            "SELECT ThroughDate FROM PeriodCloses WHERE TenantId = @t ORDER BY ThroughDate DESC LIMIT 1 LOCK IN SHARE MODE; " +
            "INSERT INTO JournalEntries (TenantId, Number, Date, Description, Kind, SourceType, SourceId, ReversesEntryId, AuthorId, PostedAt) " +
            "VALUES (@t, @number, @date, @description, @kind, @sourceType, @sourceId, @reverses, @author, @postedAt); " +
            "SET @entry = LAST_INSERT_ID(); " +
            "INSERT INTO JournalLines (TenantId, EntryId, LineNo, AccountId, FundId, Debit, Credit, Memo) VALUES " + lines + "; " +
            "SELECT @entry, @number;";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct)) { }
            if (await reader.ReadAsync(ct))
            {
                var closed = DateOnly.FromDateTime(reader.GetDateTime(0));
                // Refusing rolls the whole transaction back: the number taken above is returned with it.
                if (draft.Date <= closed) throw Refusal.Because(l["Ledger.PeriodClosed", closed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            }
            await reader.NextResultAsync(ct);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct)) { }
            await reader.ReadAsync(ct);
            return new PostedEntry(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && draft.ReversesEntryId is not null)
        {
            throw Refusal.Because(l["Ledger.AlreadyReversed"]);
        }
    }

    /// <summary>Posts the mirror image of an entry. An entry is reversed at most once; a reversal is never reversed.</summary>
    public async Task<PostedEntry> ReverseAsync(long entryId, DateOnly date, string reason, CancellationToken ct = default)
    {
        var original = await db.Set<JournalEntry>().AsNoTracking().Include(e => e.Lines).FirstOrDefaultAsync(e => e.Id == entryId, ct)
                       ?? throw new NotFoundException("No such entry in this tenant.");
        if (original.ReversesEntryId is not null) throw Refusal.Because(l["Ledger.ReversalOfReversal"]);
        if (await db.Set<JournalEntry>().AnyAsync(e => e.ReversesEntryId == entryId, ct)) throw Refusal.Because(l["Ledger.AlreadyReversed"]);
        var lines = original.Lines.OrderBy(x => x.LineNo)
            .Select(x => new LineDraft(x.AccountId, x.FundId, x.Credit, x.Debit, x.Memo)).ToList();
        string description;
        using (Cultures.Use(Cultures.Chinese)) description = l["Ledger.ReversalDescription", original.Number, reason.Trim()].Value;
        return await PostAsync(new EntryDraft(date, description, EntryKind.Reversal, lines, original.SourceType, original.SourceId, entryId), ct);
    }

    /// <summary>The single way to take money out of a fund (grants, tranches and claims all come through here).</summary>
    public async Task<PostedEntry> PayOutAsync(PayOut payOut, CancellationToken ct = default)
    {
        if (payOut.Amount <= 0 || decimal.Round(payOut.Amount, 2) != payOut.Amount) throw Refusal.Because(l["Money.NotPositive"]);
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
        return _systemAccounts.TryGetValue(key, out var id) ? id : throw Refusal.Because(l["Ledger.ChartMissing", key]);
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
        if (string.IsNullOrWhiteSpace(draft.Description)) throw Refusal.Because(l["Ledger.DescriptionRequired"]);
        if (draft.Lines.Count < 2) throw Refusal.Because(l["Ledger.TooFewLines"]);
        foreach (var x in draft.Lines)
        {
            var oneSided = (x.Debit > 0 && x.Credit == 0) || (x.Credit > 0 && x.Debit == 0);
            if (!oneSided || x.Debit < 0 || x.Credit < 0) throw Refusal.Because(l["Ledger.LineOneSided"]);
            if (decimal.Round(x.Debit, 2) != x.Debit || decimal.Round(x.Credit, 2) != x.Credit) throw Refusal.Because(l["Money.TooManyDecimals"]);
            if (x.Debit > MoneyInput.Max || x.Credit > MoneyInput.Max) throw Refusal.Because(l["Money.TooLarge"]);
        }
        if (draft.Lines.Sum(x => x.Debit) != draft.Lines.Sum(x => x.Credit)) throw Refusal.Because(l["Ledger.Unbalanced"]);
        if (draft.Lines.GroupBy(x => x.FundId).Any(g => g.Sum(x => x.Debit) != g.Sum(x => x.Credit))) throw Refusal.Because(l["Ledger.UnbalancedFund"]);
    }
}
