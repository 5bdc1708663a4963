namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>The ledger's own source documents and the pages that show them (the entry stores the type name and id).</summary>
public sealed class LedgerSourceDocuments : ISourceDocumentPages
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        [nameof(Donation)] = "/Ledger/Donations/Receipt",
        [nameof(FundTransferRequest)] = "/Ledger/Transfers/Detail",
        [nameof(InventoryItem)] = "/Ledger/Inventory/Item",
    };

    public Task<SourceDocumentPage?> FindAsync(string sourceType, Guid id, CancellationToken ct) =>
        Task.FromResult(Pages.TryGetValue(sourceType, out var page) ? new SourceDocumentPage(page, id) : null);
}
