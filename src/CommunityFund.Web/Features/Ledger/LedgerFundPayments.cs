namespace CommunityFund.Web.Features.Ledger;

/// <summary>
/// The ledger's side of <see cref="IFundPayments"/>: payments go through <see cref="LedgerService.PayOutAsync"/> (and a
/// returned advance through <see cref="LedgerService.PostAsync"/>), in the caller's transaction, with the account
/// roles mapped to the tenant's system accounts by <see cref="ChartOfAccounts.KeyOf"/>.
/// </summary>
public sealed class LedgerFundPayments(LedgerService ledger, AppDbContext db) : IFundPayments
{
    public async Task<PostedEntry> PayOutAsync(FundPayment payment, CancellationToken ct = default)
    {
        var debit = await ledger.SystemAccountAsync(ChartOfAccounts.KeyOf(payment.Debit), ct);
        return await ledger.PayOutAsync(new PayOut(payment.FundId, payment.Amount, debit, payment.Date, payment.Description, payment.Kind,
            payment.SourceType, payment.SourceId, CreditAccountKey: ChartOfAccounts.KeyOf(payment.Credit)), ct);
    }

    public async Task<PostedEntry> TakeBackAdvanceAsync(Guid fundId, decimal amount, DateOnly date, string description, string sourceType, Guid sourceId,
        CancellationToken ct = default)
    {
        var bank = await ledger.SystemAccountAsync(ChartOfAccounts.Bank, ct);
        var advances = await ledger.SystemAccountAsync(ChartOfAccounts.Advances, ct);
        return await ledger.PostAsync(new EntryDraft(date, description, EntryKind.Disbursement,
        [
            new LineDraft(bank, fundId, amount, 0),
            new LineDraft(advances, fundId, 0, amount),
        ], sourceType, sourceId), ct);
    }

    public async Task<decimal> BankBalanceAsync(Guid fundId, CancellationToken ct = default) =>
        await (from b in db.Set<FundAccountBalance>()
               join a in db.Set<LedgerAccount>() on b.AccountId equals a.Id
               where b.FundId == fundId && a.SystemKey == ChartOfAccounts.Bank
               select (decimal?)(b.DebitTotal - b.CreditTotal)).SingleOrDefaultAsync(ct) ?? 0;

    public async Task<IReadOnlyList<SourcedEntry>> EntriesForAsync(string sourceType, IReadOnlyCollection<Guid> sourceIds, CancellationToken ct = default)
    {
        var ids = sourceIds.Select(id => (Guid?)id).ToList();
        return await (
            from e in db.Set<JournalEntry>()
            where e.SourceType == sourceType && ids.Contains(e.SourceId)
            orderby e.Number
            select new SourcedEntry(e.Id, e.Number, e.Date, e.Kind, e.SourceId!.Value, e.ReversesEntryId != null, e.Lines.Sum(l => l.Debit)))
            .AsNoTracking().ToListAsync(ct);
    }

    public Task<int?> EntryNumberAsync(long entryId, CancellationToken ct = default) =>
        db.Set<JournalEntry>().Where(e => e.Id == entryId).Select(e => (int?)e.Number).SingleOrDefaultAsync(ct);

    public async Task<decimal> AdvanceCreditedAsync(string sourceType, Guid sourceId, CancellationToken ct = default) =>
        await (from l in db.Set<JournalLine>()
               join e in db.Set<JournalEntry>() on l.EntryId equals e.Id
               join a in db.Set<LedgerAccount>() on l.AccountId equals a.Id
               where e.SourceType == sourceType && e.SourceId == sourceId && a.SystemKey == ChartOfAccounts.Advances
               select (decimal?)(l.Credit - l.Debit)).SumAsync(ct) ?? 0;
}
