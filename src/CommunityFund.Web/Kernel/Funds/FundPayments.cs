namespace CommunityFund.Web.Kernel.Funds;

/// <summary>What a journal entry records; part of the ledger's published language (other areas name the kind of entry they post).</summary>
public enum EntryKind
{
    Manual = 0, Donation = 1, GovernmentTransfer = 2, FederationGrant = 3, InKindDonation = 4, GoodsIssue = 5,
    FundTransfer = 6, Disbursement = 7, Reimbursement = 8, AdvanceWriteOff = 9, Reversal = 10,
}

/// <summary>A journal entry as posted: its row and its gap-free number.</summary>
public sealed record PostedEntry(long Id, int Number);

/// <summary>
/// The accounts a payment out of a fund may touch, by what they are for. The ledger's chart of accounts maps each role
/// to the tenant's account (the secretariat may rename accounts; the role stays).
/// </summary>
public enum FundAccountRole
{
    /// <summary>银行存款: where money leaves the fund by default.</summary>
    Bank = 1,
    /// <summary>预付资助款: money paid ahead to grantees and not yet accounted for.</summary>
    Advances = 2,
    /// <summary>资助支出.</summary>
    GrantExpense = 3,
    /// <summary>项目支出: what receipts show was spent.</summary>
    ProjectExpense = 4,
}

/// <summary>
/// Money leaving a fund: debit the <paramref name="Debit"/> account, credit the fund's <paramref name="Credit"/>
/// account (bank unless said otherwise). <paramref name="SourceType"/> and <paramref name="SourceId"/> point the entry
/// back at what it pays (a tranche, a claim, a project).
/// </summary>
public sealed record FundPayment(
    Guid FundId, decimal Amount, FundAccountRole Debit, DateOnly Date, string Description, EntryKind Kind,
    string SourceType, Guid SourceId, FundAccountRole Credit = FundAccountRole.Bank);

/// <summary>An entry posted for a source document: what the source's page lists (amount = the entry's debits).</summary>
public sealed record SourcedEntry(long Id, int Number, DateOnly Date, EntryKind Kind, Guid SourceId, bool IsReversal, decimal Amount);

/// <summary>
/// The ledger's pay-out port: how another area (grants: tranches, claims, the advance's close-out) moves money out of
/// a fund and reads back what it posted, without reading the ledger's tables. Implemented by the ledger over its single
/// pay-out method, so every payment runs inside the calling command's transaction with the same balance checks and the
/// same overdraft guard (a payment the fund cannot cover fails with a <see cref="FluentValidation.ValidationException"/>).
/// </summary>
public interface IFundPayments
{
    /// <summary>Pays out of a fund (Dr <see cref="FundPayment.Debit"/> / Cr <see cref="FundPayment.Credit"/>).</summary>
    Task<PostedEntry> PayOutAsync(FundPayment payment, CancellationToken ct = default);

    /// <summary>Takes back part of an advance the grantee returned: Dr bank / Cr advances to grantees on the fund.</summary>
    Task<PostedEntry> TakeBackAdvanceAsync(Guid fundId, decimal amount, DateOnly date, string description, string sourceType, Guid sourceId,
        CancellationToken ct = default);

    /// <summary>The fund's bank deposits (what a payment is credited to).</summary>
    Task<decimal> BankBalanceAsync(Guid fundId, CancellationToken ct = default);

    /// <summary>Every entry (reversals included) posted for these sources, in number order.</summary>
    Task<IReadOnlyList<SourcedEntry>> EntriesForAsync(string sourceType, IReadOnlyCollection<Guid> sourceIds, CancellationToken ct = default);

    /// <summary>The number of a posted entry, or null when the tenant has no such entry.</summary>
    Task<int?> EntryNumberAsync(long entryId, CancellationToken ct = default);

    /// <summary>What the source's entries took off the advances account: credits less debits (a reversal counts back).</summary>
    Task<decimal> AdvanceCreditedAsync(string sourceType, Guid sourceId, CancellationToken ct = default);
}
