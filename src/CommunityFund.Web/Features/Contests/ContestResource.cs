namespace CommunityFund.Web.Features.Contests;

/// <summary>Anchor type for the proposal-contest strings in Resources/Features.Contests.ContestResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ContestResource;
