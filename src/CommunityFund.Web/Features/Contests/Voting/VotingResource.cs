namespace CommunityFund.Web.Features.Contests.Voting;

/// <summary>Anchor type for the resident-vote strings in Resources/Features.Contests.Voting.VotingResource(.en).resx. The neutral file is zh-CN.</summary>
public sealed class VotingResource;
