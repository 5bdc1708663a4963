namespace CommunityFund.Web.Features.Contests.Roadshow;

/// <summary>Anchor type for the roadshow strings in Resources/Features.Contests.Roadshow.RoadshowResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class RoadshowResource;
