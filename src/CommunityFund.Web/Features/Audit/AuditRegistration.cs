namespace CommunityFund.Web.Features.Audit;

public static class AuditRegistration
{
    /// <summary>The audit pages read the approval component's exceptional steps themselves; the other areas register theirs.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddScoped<IExceptionSource, Exceptions.ApprovalExceptions>();
}
