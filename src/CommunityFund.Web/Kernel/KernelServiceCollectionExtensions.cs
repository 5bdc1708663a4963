using CommunityFund.Web.Kernel.Approvals;
using CommunityFund.Web.Kernel.Handoffs;

namespace CommunityFund.Web.Kernel;

public static class KernelServiceCollectionExtensions
{
    /// <summary>
    /// What every area shares: the approval component, hand-offs with their notifier and time-limit sweep, and the
    /// idempotency behaviour. Call after the mediation pipeline is registered: idempotency then runs innermost,
    /// inside the command's transaction.
    /// </summary>
    public static IServiceCollection AddKernel(this IServiceCollection services)
    {
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehaviour<,>));
        services.AddScoped<ApprovalService>();
        services.AddNotifications();
        return services;
    }
}
