namespace CommunityFund.Web.Features.Contests;

public static class ContestsRegistration
{
    /// <summary>The contest area's pages need nothing registered beyond their MediatR handlers and validators.</summary>
    public static IServiceCollection AddContests(this IServiceCollection services) => services;
}
