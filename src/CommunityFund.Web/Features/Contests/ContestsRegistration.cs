namespace CommunityFund.Web.Features.Contests;

public static class ContestsRegistration
{
    /// <summary>Beyond their MediatR handlers and validators: what the contest contributes to the auditor's exceptions report and to service ratings.</summary>
    public static IServiceCollection AddContests(this IServiceCollection services) =>
        services.AddScoped<IExceptionSource, ContestExceptions>()
            .AddScoped<IServedOrganisations, ContestServedOrganisations>();
}
