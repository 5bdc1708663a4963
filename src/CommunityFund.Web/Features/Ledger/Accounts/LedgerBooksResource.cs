using System.Globalization;
using System.Security.Claims;

namespace CommunityFund.Web.Features.Ledger.Accounts;

/// <summary>Anchor for the books pages' strings (Resources/Features.Ledger.Accounts.LedgerBooksResource.resx): chart, journal, reports, closes, exports.</summary>
public sealed class LedgerBooksResource;

/// <summary>Small presentation rules the books pages share.</summary>
public static class Books
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    /// <summary>The account's or fund's name in the reader's language.</summary>
    public static string Name(string zh, string en) => IsChinese || string.IsNullOrWhiteSpace(en) ? zh : en;

    public static bool IsSecretariat(ClaimsPrincipal user) => user.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public static bool IsCommittee(ClaimsPrincipal user) => user.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Committee));

    /// <summary>Account types are posted as their names; numbers and unknown names are refused rather than guessed.</summary>
    public static bool TryParseType(string? text, out AccountType type)
    {
        type = default;
        var t = text?.Trim() ?? "";
        return t.Length > 0 && !char.IsDigit(t[0]) && t[0] != '-' && Enum.TryParse(t, ignoreCase: false, out type) && Enum.IsDefined(type);
    }

    public static bool TryParseKind(string? text, out EntryKind kind)
    {
        kind = default;
        var t = text?.Trim() ?? "";
        return t.Length > 0 && !char.IsDigit(t[0]) && t[0] != '-' && Enum.TryParse(t, ignoreCase: false, out kind) && Enum.IsDefined(kind);
    }

    /// <summary>Balances shown on the account's normal side: assets and expenses as debit − credit, the rest as credit − debit.</summary>
    public static decimal NaturalBalance(AccountType type, decimal debit, decimal credit) =>
        LedgerAccount.IsDebitNormal(type) ? debit - credit : credit - debit;
}
