namespace CommunityFund.Web.Features.Ledger;

public static class LedgerRegistration
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddScoped<LedgerService>();
        services.AddScoped<Idempotency>();
        services.AddScoped<Donations.DonationPosting>();
        return services;
    }
}
