using CommunityFund.Web.Features.Account;
using CommunityFund.Web.Features.Audit;
using CommunityFund.Web.Features.Contests;
using CommunityFund.Web.Features.Grants;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Members;
using CommunityFund.Web.Kernel;

namespace CommunityFund.Web.Features;

public static class FeaturesServiceCollectionExtensions
{
    /// <summary>The one place the kernel and every area register their services: one AddX() per area.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services) =>
        services
            .AddKernel()
            .AddAccounts()
            .AddMembers()
            .AddLedger()
            .AddContests()
            .AddGrants()
            .AddAudit();
}
