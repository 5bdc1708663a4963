using CommunityFund.Web.Features.Contests.Awards;

namespace CommunityFund.Web.Features.Contests;

public static class ContestsRegistration
{
    /// <summary>
    /// Besides its pages' MediatR handlers and validators, the contest area publishes what grants read about its awards,
    /// its exceptional steps for the auditor and which organisation each of its hand-offs served.
    /// </summary>
    public static IServiceCollection AddContests(this IServiceCollection services)
    {
        services.AddScoped<IAwardHandOver, ContestAwardHandOver>();
        services.AddScoped<IAwardHolds, ContestAwardHolds>();
        services.AddScoped<IExceptionSource, ContestExceptions>();
        services.AddScoped<IServedOrganisations, ContestServedOrganisations>();
        return services;
    }
}
