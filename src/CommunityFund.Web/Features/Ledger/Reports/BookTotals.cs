namespace CommunityFund.Web.Features.Ledger.Reports;

/// <summary>Debit and credit totals of one fund and account.</summary>
public readonly record struct Totals(decimal Debit, decimal Credit)
{
    public static Totals operator +(Totals a, Totals b) => new(a.Debit + b.Debit, a.Credit + b.Credit);
    public static Totals operator -(Totals a, Totals b) => new(a.Debit - b.Debit, a.Credit - b.Credit);
    public decimal Balance => Debit - Credit;
}

/// <summary>
/// Totals at a past date, computed as the maintained balances minus what was posted after that date. The maintained
/// balances always equal the journal's fold (DESIGN §8.2), so this is exact, and it reads only the entries after the
/// date: a report for today reads no journal lines at all, however long the journal.
/// </summary>
public static class BookTotals
{
    public static async Task<Dictionary<(Guid Fund, Guid Account), Totals>> CurrentAsync(AppDbContext db, Guid? fundId, CancellationToken ct)
    {
        var balances = db.Set<FundAccountBalance>().AsNoTracking();
        if (fundId is { } f) balances = balances.Where(b => b.FundId == f);
        return await balances.ToDictionaryAsync(b => (b.FundId, b.AccountId), b => new Totals(b.DebitTotal, b.CreditTotal), ct);
    }

    /// <summary>Per fund and account: totals of entries dated on or after <paramref name="since"/>, split into those up to <paramref name="through"/> and those after it.</summary>
    public static async Task<Dictionary<(Guid Fund, Guid Account), (Totals Within, Totals After)>> MovementsSinceAsync(
        AppDbContext db, DateOnly since, DateOnly through, Guid? fundId, CancellationToken ct)
    {
        var lines =
            from l in db.Set<JournalLine>()
            join e in db.Set<JournalEntry>() on l.EntryId equals e.Id
            where e.Date >= since
            select new { l.FundId, l.AccountId, l.Debit, l.Credit, e.Date };
        if (fundId is { } f) lines = lines.Where(x => x.FundId == f);
        var sums = await lines
            .GroupBy(x => new { x.FundId, x.AccountId })
            .Select(g => new
            {
                g.Key.FundId,
                g.Key.AccountId,
                WithinDebit = g.Sum(x => x.Date <= through ? x.Debit : 0m),
                WithinCredit = g.Sum(x => x.Date <= through ? x.Credit : 0m),
                AfterDebit = g.Sum(x => x.Date > through ? x.Debit : 0m),
                AfterCredit = g.Sum(x => x.Date > through ? x.Credit : 0m),
            })
            .ToListAsync(ct);
        return sums.ToDictionary(s => (s.FundId, s.AccountId),
            s => (new Totals(s.WithinDebit, s.WithinCredit), new Totals(s.AfterDebit, s.AfterCredit)));
    }

    /// <summary>Per fund and account: totals of every entry dated on or before <paramref name="asOf"/>.</summary>
    public static async Task<Dictionary<(Guid Fund, Guid Account), Totals>> AsOfAsync(AppDbContext db, DateOnly asOf, Guid? fundId, CancellationToken ct)
    {
        var current = await CurrentAsync(db, fundId, ct);
        if (asOf == DateOnly.MaxValue) return current;
        var later = await MovementsSinceAsync(db, asOf.AddDays(1), DateOnly.MaxValue, fundId, ct);
        foreach (var (key, (within, _)) in later)
            current[key] = current.GetValueOrDefault(key) - within;
        return current;
    }
}
