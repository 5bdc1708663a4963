namespace CommunityFund.Web.Features.Ledger;

public static class LedgerRegistration
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddScoped<LedgerService>();
        services.AddScoped<IFundDirectory, LedgerFundDirectory>();
        services.AddScoped<IFundPayments, LedgerFundPayments>();
        services.AddScoped<Donations.DonationPosting>();
        services.AddScoped<ISourceDocumentPages, Journal.LedgerSourceDocuments>();
        services.AddScoped<IExceptionSource, Journal.LedgerExceptions>();
        // Fund transfers go through the one approval component; approving one posts it.
        services.AddScoped<IApprovalOutcome, Transfers.FundTransferOutcome>();
        return services;
    }
}
