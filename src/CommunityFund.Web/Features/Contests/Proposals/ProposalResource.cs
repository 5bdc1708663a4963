namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>Anchor type for the proposal pages' strings in Resources/Features.Contests.Proposals.ProposalResource(.en).resx.</summary>
public sealed class ProposalResource;
