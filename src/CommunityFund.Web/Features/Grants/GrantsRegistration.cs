using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.Web.Features.Grants;

public static class GrantsRegistration
{
    /// <summary>
    /// The approval outcomes grants own (the decide command resolves every <see cref="IApprovalOutcome"/>) and the
    /// disbursement checks the tranche pages and commands share.
    /// </summary>
    public static IServiceCollection AddGrants(this IServiceCollection services)
    {
        services.AddScoped<IApprovalOutcome, GrantOutcome>();
        services.AddScoped<IApprovalOutcome, TranchePaymentOutcome>();
        services.AddScoped<IApprovalOutcome, AdvanceWriteOffOutcome>();
        services.AddScoped<IApprovalOutcome, ClaimPaymentOutcome>();
        services.AddScoped<TrancheChecks>();
        services.AddScoped<ISourceDocumentPages, GrantSourceDocuments>();
        services.AddScoped<IExceptionSource, GrantExceptions>();
        services.AddScoped<IServedOrganisations, GrantServedOrganisations>();
        return services;
    }
}
