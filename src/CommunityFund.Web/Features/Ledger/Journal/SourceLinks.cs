namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>Which page shows the source document an entry was posted from (the entry stores its type name and id).</summary>
public static class SourceLinks
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        [nameof(Donation)] = "/Ledger/Donations/Receipt",
        [nameof(FundTransferRequest)] = "/Ledger/Transfers/Detail",
        [nameof(InventoryItem)] = "/Ledger/Inventory/Item",
    };

    /// <summary>The Razor page for a source type, or null when the document has no page of its own.</summary>
    public static string? PageFor(string? sourceType) => sourceType is not null && Pages.TryGetValue(sourceType, out var page) ? page : null;
}
