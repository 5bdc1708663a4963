namespace CommunityFund.Web.Features.Members;

public static class MembersRegistration
{
    public static IServiceCollection AddMembers(this IServiceCollection services) =>
        services.AddScoped<Kernel.Invitations.InvitationIssuer>();
}
