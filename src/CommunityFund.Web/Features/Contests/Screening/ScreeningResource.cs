namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>Anchor type for the screening and missing-document strings in Resources/Features.Contests.Screening.ScreeningResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ScreeningResource;
