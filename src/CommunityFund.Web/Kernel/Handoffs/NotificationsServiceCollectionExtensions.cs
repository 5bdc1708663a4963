namespace CommunityFund.Web.Kernel.Handoffs;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The notifier, the interceptor that sends its e-mails after commit, and the time-limit sweep with its background
    /// runner (<see cref="TimeLimitsServiceCollectionExtensions.AddTimeLimits"/>). The inbox pages and the header badge
    /// need nothing registered.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<AfterCommitMail>();
        services.ConfigureDbContext<AppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<AfterCommitMail>()));
        services.AddScoped<Notifier>();
        services.AddScoped<Handoffs>();
        services.AddTimeLimits();
        return services;
    }
}
