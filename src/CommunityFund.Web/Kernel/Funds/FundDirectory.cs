using System.Globalization;

namespace CommunityFund.Web.Kernel.Funds;

public enum FundKind { Unrestricted = 0, Restricted = 1 }

/// <summary>A fund as a picker shows it.</summary>
public sealed record FundOption(Guid Id, string Code, string NameZh, string NameEn, FundKind Kind)
{
    public string Display(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" ? $"{NameZh}（{Code}）" : $"{NameEn} ({Code})";

    /// <summary>The fund's name in the language of <paramref name="culture"/>, without its code.</summary>
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" ? NameZh : NameEn;
}

/// <summary>
/// The ledger's published list of the tenant's funds, for areas that name a fund (a contest's paying fund, a
/// project's) without reading the ledger's tables. Implemented by the ledger.
/// </summary>
public interface IFundDirectory
{
    Task<List<FundOption>> ListAsync(CancellationToken ct = default);
    Task<bool> ExistsAsync(Guid fundId, CancellationToken ct = default);
    /// <summary>The fund, or null when the current tenant has none with this id.</summary>
    Task<FundOption?> FindAsync(Guid fundId, CancellationToken ct = default);
}

public static class FundRules
{
    /// <summary>The fund must exist in the current tenant.</summary>
    public static IRuleBuilderOptions<T, Guid> ExistingFund<T>(this IRuleBuilderInitial<T, Guid> rule, IFundDirectory funds, IStringLocalizer<KernelResource> k) =>
        rule.MustAsync((id, ct) => funds.ExistsAsync(id, ct)).WithMessage(_ => k["Fund.Unknown"]);
}
