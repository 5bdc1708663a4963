namespace CommunityFund.Web.Features.Ledger.Income;

/// <summary>
/// Anchor for the strings of the income, in-kind, inventory and fund-transfer pages
/// (Resources/Features.Ledger.Income.SourceDocumentsResource.resx is zh-CN, .en.resx English).
/// </summary>
public sealed class SourceDocumentsResource;
