namespace CommunityFund.Web.Features.Ledger.Income;

public sealed record RecordedIncome(Guid IncomeId, long EntryId, int EntryNumber);

/// <summary>
/// A government transfer or a federation grant: Dr bank / Cr the matching income account in the chosen fund, and the
/// source document kept with the entry's id — both in the caller's transaction.
/// </summary>
public static class InstitutionalIncomePosting
{
    public static async Task<RecordedIncome> RecordAsync(InstitutionalIncome income, string description, AppDbContext db, LedgerService ledger, CancellationToken ct)
    {
        var (incomeKey, kind) = income.Kind == InstitutionalIncomeKind.GovernmentTransfer
            ? (ChartOfAccounts.GovernmentTransfer, EntryKind.GovernmentTransfer)
            : (ChartOfAccounts.FederationGrant, EntryKind.FederationGrant);
        var bank = await ledger.SystemAccountAsync(ChartOfAccounts.Bank, ct);
        var credit = await ledger.SystemAccountAsync(incomeKey, ct);
        var entry = await ledger.PostAsync(new EntryDraft(income.Date, description, kind,
        [
            new LineDraft(bank, income.FundId, income.Amount, 0),
            new LineDraft(credit, income.FundId, 0, income.Amount),
        ], nameof(InstitutionalIncome), income.Id), ct);
        income.EntryId = entry.Id;
        db.Add(income);
        return new RecordedIncome(income.Id, entry.Id, entry.Number);
    }

    /// <summary>The federations a grant comes from; stored by their Chinese names, as on the grant documents.</summary>
    public enum Federation { City = 1, District = 2 }

    public static string SourceName(Federation federation) => federation == Federation.City ? "市慈善总会" : "区慈善总会";

    /// <summary>The key of the localised label for a stored federation name, or null for any other source.</summary>
    public static string? FederationLabelKey(string source) =>
        source == SourceName(Federation.City) ? "Federation.City" : source == SourceName(Federation.District) ? "Federation.District" : null;

    public static bool TryFederation(string? text, out Federation federation)
    {
        federation = default;
        return !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsDigit) && Enum.TryParse(text.Trim(), true, out federation) && Enum.IsDefined(federation);
    }
}
