using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Ledger.Transfers;

/// <summary>
/// A transfer between funds decided through the one approval component (DESIGN §5, invariant 8): approved → the
/// transfer is posted (balanced within each fund) and marked Approved; rejected or withdrawn → Rejected. Runs inside
/// the deciding vote's transaction, so when the from-fund cannot cover the transfer the vote is refused with a clear
/// message and nothing is saved: the request stays pending and can be approved once the money is there.
/// </summary>
public sealed class FundTransferOutcome(
    AppDbContext db, LedgerService ledger, ICurrentUser user, TimeProvider clock, IStringLocalizer<SourceDocumentsResource> s) : IApprovalOutcome
{
    public ApprovalKind Kind => ApprovalKind.FundTransfer;

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var transfer = await PendingAsync(request, ct);
        if (transfer is null) return;
        var funds = await db.Set<Fund>().AsNoTracking().Where(f => f.Id == transfer.FromFundId || f.Id == transfer.ToFundId)
            .ToDictionaryAsync(f => f.Id, ct);
        var bank = await ledger.SystemAccountAsync(ChartOfAccounts.Bank, ct);
        var netAssets = await ledger.SystemAccountAsync(ChartOfAccounts.NetAssets, ct);
        string description;
        using (Cultures.Use(Cultures.Chinese))
            description = Formats.Clip(s["Transfers.EntryDescription", NameZh(funds, transfer.FromFundId), NameZh(funds, transfer.ToFundId), transfer.Reason].Value, 500);
        PostedEntry entry;
        try
        {
            // Balanced within each fund; the bank credit on the from-fund is refused by the ledger if it cannot cover it.
            entry = await ledger.PostAsync(new EntryDraft(transfer.Date, description, EntryKind.FundTransfer,
            [
                new LineDraft(netAssets, transfer.FromFundId, transfer.Amount, 0),
                new LineDraft(bank, transfer.FromFundId, 0, transfer.Amount),
                new LineDraft(bank, transfer.ToFundId, transfer.Amount, 0),
                new LineDraft(netAssets, transfer.ToFundId, 0, transfer.Amount),
            ], nameof(FundTransferRequest), transfer.Id), ct);
        }
        catch (ValidationException)
        {
            // The ledger's overdraft guard: say it in the transfer's words. Throwing undoes the deciding vote as well.
            var available = await BankBalanceAsync(transfer.FromFundId, bank, ct);
            if (available < transfer.Amount)
            {
                var from = funds.TryGetValue(transfer.FromFundId, out var f)
                    ? SourceDocumentRules.FundName(f.NameZh, f.NameEn, System.Globalization.CultureInfo.CurrentUICulture) : "?";
                throw Refusal.Because(s["Transfers.CannotCover", from, Formats.Money(available), Formats.Money(transfer.Amount)]);
            }
            throw;
        }
        await DecideAsync(transfer, request, approved: true, ct);
        transfer.EntryId = entry.Id;
    }

    public async Task RejectedAsync(ApprovalRequest request, CancellationToken ct)
    {
        var transfer = await PendingAsync(request, ct);
        if (transfer is null) return;
        await DecideAsync(transfer, request, approved: false, ct);
    }

    /// <summary>The preparer took the request back: the transfer will not happen, so it shows as Rejected, saying why.</summary>
    public async Task WithdrawnAsync(ApprovalRequest request, CancellationToken ct)
    {
        var transfer = await PendingAsync(request, ct);
        if (transfer is null) return;
        transfer.Status = TransferStatus.Rejected;
        transfer.DecidedBy = user.UserId;
        transfer.DecidedAt = clock.GetUtcNow();
        using (Cultures.Use(Cultures.Chinese)) transfer.DecisionComment = s["Transfers.WithdrawnComment"].Value;
        transfer.Version++;
    }

    /// <summary>The transfer still waiting for this request; anything already decided stays as it is (never posted twice).</summary>
    private async Task<FundTransferRequest?> PendingAsync(ApprovalRequest request, CancellationToken ct)
    {
        var transfer = await db.Set<FundTransferRequest>().SingleOrDefaultAsync(t => t.Id == request.SubjectId, ct);
        return transfer is { Status: TransferStatus.Pending, EntryId: null } ? transfer : null;
    }

    /// <summary>Records on the transfer who cast the deciding vote and what they wrote.</summary>
    private async Task DecideAsync(FundTransferRequest transfer, ApprovalRequest request, bool approved, CancellationToken ct)
    {
        var me = user.UserId;
        // The deciding vote may not be saved yet: look in the change tracker as well as the table.
        var comment = db.Set<ApprovalDecision>().Local.Where(d => d.RequestId == request.Id && d.ApproverId == me).Select(d => d.Comment).FirstOrDefault()
                      ?? await db.Set<ApprovalDecision>().AsNoTracking().Where(d => d.RequestId == request.Id && d.ApproverId == me)
                          .Select(d => d.Comment).FirstOrDefaultAsync(ct);
        transfer.Status = approved ? TransferStatus.Approved : TransferStatus.Rejected;
        transfer.DecidedBy = me;
        transfer.DecidedAt = request.DecidedAt ?? clock.GetUtcNow();
        transfer.DecisionComment = SourceDocumentRules.OrNull(Formats.Clip(comment ?? "", 500));
        transfer.Version++;
    }

    private async Task<decimal> BankBalanceAsync(Guid fund, Guid bank, CancellationToken ct) =>
        await db.Set<FundAccountBalance>().Where(b => b.FundId == fund && b.AccountId == bank)
            .Select(b => (decimal?)(b.DebitTotal - b.CreditTotal)).SingleOrDefaultAsync(ct) ?? 0;

    private static string NameZh(Dictionary<Guid, Fund> funds, Guid id) => funds.TryGetValue(id, out var f) ? f.NameZh : "?";
}
