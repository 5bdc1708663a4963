namespace CommunityFund.Web.Features.Grants.Reports;

/// <summary>Anchor type for the report strings in Resources/Features.Grants.Reports.ReportResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ReportResource;
