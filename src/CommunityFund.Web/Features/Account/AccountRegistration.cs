namespace CommunityFund.Web.Features.Account;

public static class AccountRegistration
{
    public static IServiceCollection AddAccounts(this IServiceCollection services) =>
        services.AddScoped<Kernel.Accounts.EmailConfirmation>();
}
