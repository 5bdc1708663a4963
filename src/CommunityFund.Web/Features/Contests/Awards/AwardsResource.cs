namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>Anchor type for the award, public-notice and objection strings in Resources/Features.Contests.Awards.AwardsResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class AwardsResource;
