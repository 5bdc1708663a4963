namespace CommunityFund.Web.Features.Contests.Results;

/// <summary>Anchor type for the contest-results strings in Resources/Features.Contests.Results.ResultsResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class ResultsResource;
