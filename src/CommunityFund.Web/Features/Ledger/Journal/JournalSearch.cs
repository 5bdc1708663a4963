using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>What the journal list (and its exports) is narrowed to. Every part is optional.</summary>
public sealed record JournalFilter(DateOnly? From = null, DateOnly? To = null, Guid? FundId = null, Guid? AccountId = null, EntryKind? Kind = null, string? Text = null)
{
    public bool HasDates => From is not null || To is not null;
}

/// <summary>
/// Finds journal entry ids page by page with keyset pagination (newest first, the cursor is a boundary entry id;
/// never OFFSET), so the first and the ten-thousandth page cost the same at a million entries.
/// <para>
/// Each filter combination is driven by one index that starts with TenantId, named explicitly so the plan does not
/// depend on statistics (MariaDB otherwise walks the primary key for a date filter, assuming dates and ids are
/// unrelated, and reads most of the table for an old month):
/// </para>
/// <list type="bullet">
/// <item>dates → (TenantId, Date, Id): reads the entries of the period and keeps the newest; kind, text are checked per
/// entry and fund/account through EXISTS on the line indexes. Cost grows with the period, not with the journal.</item>
/// <item>fund (or account) without dates → lines (TenantId, FundId|AccountId, EntryId), read newest first and stopped
/// after one page; the other line filter is an EXISTS probe, kind and text are checked on the entry (primary key).</item>
/// <item>kind alone → (TenantId, Kind, Id).</item>
/// <item>nothing (or text only) → (TenantId, Number). Within a tenant numbers and ids rise together (the number is taken
/// under the counter's row lock and the entry inserted before that lock is released), so number order is id order;
/// the id cursor is turned into its number first.</item>
/// </list>
/// Text has no index (descriptions are Chinese; InnoDB full-text has no CJK parser) and is checked per entry.
/// </summary>
public sealed class JournalSearch(AppDbContext db, ITenantContext tenant)
{
    public enum Driver { Number, Kind, Date, FundLines, AccountLines }

    public static Driver DriverFor(JournalFilter f) =>
        f.HasDates ? Driver.Date
        : f.FundId is not null ? Driver.FundLines
        : f.AccountId is not null ? Driver.AccountLines
        : f.Kind is not null ? Driver.Kind
        : Driver.Number;

    /// <summary>Up to <paramref name="take"/> ids, newest first: older than <paramref name="after"/>, or the newest page when no cursor is given.</summary>
    public async Task<List<long>> OlderAsync(JournalFilter filter, long? after, int take, CancellationToken ct = default)
    {
        // An unknown cursor (another tenant's id, a typo) simply starts from the top.
        var boundary = await BoundaryAsync(filter, after, ct);
        return await IdsAsync(filter, boundary, newestFirst: true, take, ct);
    }

    /// <summary>Up to <paramref name="take"/> ids newer than <paramref name="before"/>, oldest first (the page before, read backwards).</summary>
    public async Task<List<long>> NewerAsync(JournalFilter filter, long before, int take, CancellationToken ct = default)
    {
        var boundary = await BoundaryAsync(filter, before, ct);
        return boundary is null ? [] : await IdsAsync(filter, boundary, newestFirst: false, take, ct);
    }

    /// <summary>Every matching id, oldest first (exports). Ids are small; the rows are loaded in chunks by the caller.</summary>
    public Task<List<long>> AllAsync(JournalFilter filter, CancellationToken ct = default) => IdsAsync(filter, null, newestFirst: false, null, ct);

    /// <summary>The cursor as the driving index sees it: the id itself, or for the number index that entry's number.</summary>
    private async Task<long?> BoundaryAsync(JournalFilter filter, long? id, CancellationToken ct)
    {
        if (id is null) return null;
        if (DriverFor(filter) != Driver.Number) return id;
        var number = await db.Set<JournalEntry>().Where(e => e.Id == id).Select(e => (int?)e.Number).FirstOrDefaultAsync(ct);
        return number;
    }

    private async Task<List<long>> IdsAsync(JournalFilter filter, long? boundary, bool newestFirst, int? take, CancellationToken ct)
    {
        var tenantId = tenant.Current?.Id ?? throw new TenantMismatchException("The journal needs a tenant.");
        var (sql, parameters) = Build(tenantId, filter, boundary, newestFirst, take);
        var ids = new List<long>(take ?? 1024);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            foreach (var p in parameters) command.Parameters.Add(p);
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return ids;
    }

    /// <summary>The SQL for one filter combination (public so a test can EXPLAIN every combination).</summary>
    public static (string Sql, List<MySqlParameter> Parameters) Build(Guid tenantId, JournalFilter f, long? boundary, bool newestFirst, int? take)
    {
        var p = new List<MySqlParameter> { new("@t", tenantId.ToString()) };
        var where = new List<string>();
        var sql = new StringBuilder();
        var dir = newestFirst ? "DESC" : "ASC";
        var cmp = newestFirst ? "<" : ">";
        var driver = DriverFor(f);

        if (f.Kind is { } kind) p.Add(new MySqlParameter("@kind", kind.ToString()));
        if (f.FundId is { } fund) p.Add(new MySqlParameter("@fund", fund.ToString()));
        if (f.AccountId is { } account) p.Add(new MySqlParameter("@account", account.ToString()));
        if (f.From is { } from) p.Add(new MySqlParameter("@from", from));
        if (f.To is { } to) p.Add(new MySqlParameter("@to", to));
        if (!string.IsNullOrEmpty(f.Text)) p.Add(new MySqlParameter("@q", "%" + EscapeLike(f.Text.Trim()) + "%"));
        if (boundary is { } b) p.Add(new MySqlParameter("@b", b));

        const string FundExists = "EXISTS (SELECT 1 FROM JournalLines xf FORCE INDEX (IX_JournalLines_TenantId_FundId_EntryId) WHERE xf.TenantId = @t AND xf.FundId = @fund AND xf.EntryId = {0})";
        const string AccountExists = "EXISTS (SELECT 1 FROM JournalLines xa FORCE INDEX (IX_JournalLines_TenantId_AccountId_EntryId) WHERE xa.TenantId = @t AND xa.AccountId = @account AND xa.EntryId = {0})";

        if (driver is Driver.FundLines or Driver.AccountLines)
        {
            var byFund = driver == Driver.FundLines;
            var needsEntry = f.Kind is not null || !string.IsNullOrEmpty(f.Text);
            sql.Append("SELECT STRAIGHT_JOIN l.EntryId FROM JournalLines l FORCE INDEX (")
               .Append(byFund ? "IX_JournalLines_TenantId_FundId_EntryId" : "IX_JournalLines_TenantId_AccountId_EntryId").Append(')');
            if (needsEntry) sql.Append(" JOIN JournalEntries e ON e.Id = l.EntryId");
            where.Add("l.TenantId = @t");
            where.Add(byFund ? "l.FundId = @fund" : "l.AccountId = @account");
            if (boundary is not null) where.Add($"l.EntryId {cmp} @b");
            if (needsEntry) where.Add("e.TenantId = @t");
            if (f.Kind is not null) where.Add("e.Kind = @kind");
            if (!string.IsNullOrEmpty(f.Text)) where.Add("e.Description LIKE @q");
            if (byFund && f.AccountId is not null) where.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, AccountExists, "l.EntryId"));
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
            // Grouping on the index's last column keeps index order (no temporary table) and folds an entry's several lines into one.
            sql.Append(" GROUP BY l.EntryId ORDER BY l.EntryId ").Append(dir);
        }
        else
        {
            var index = driver switch
            {
                Driver.Date => "IX_JournalEntries_TenantId_Date_Id",
                Driver.Kind => "IX_JournalEntries_TenantId_Kind_Id",
                _ => "IX_JournalEntries_TenantId_Number",
            };
            // STRAIGHT_JOIN keeps the entries first: on small tables the optimiser would otherwise sometimes start from an EXISTS subquery.
            sql.Append("SELECT STRAIGHT_JOIN e.Id FROM JournalEntries e FORCE INDEX (").Append(index).Append(')');
            where.Add("e.TenantId = @t");
            if (f.From is not null) where.Add("e.Date >= @from");
            if (f.To is not null) where.Add("e.Date <= @to");
            if (f.Kind is not null) where.Add("e.Kind = @kind");
            if (boundary is not null) where.Add(driver == Driver.Number ? $"e.Number {cmp} @b" : $"e.Id {cmp} @b");
            if (!string.IsNullOrEmpty(f.Text)) where.Add("e.Description LIKE @q");
            if (f.FundId is not null) where.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, FundExists, "e.Id"));
            if (f.AccountId is not null) where.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, AccountExists, "e.Id"));
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
            sql.Append(driver == Driver.Number ? " ORDER BY e.Number " : " ORDER BY e.Id ").Append(dir);
        }
        if (take is { } n) sql.Append(" LIMIT ").Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (sql.ToString(), p);
    }

    /// <summary>Typed % and _ match themselves (MariaDB's LIKE escape is the backslash).</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
