namespace CommunityFund.Web.Features.Ratings;

/// <summary>The service-rating pages' texts (Resources/Features.Ratings.RatingsResource*.resx).</summary>
public sealed class RatingsResource;
