using CommunityFund.Web.Infrastructure.Web;
using QRCoder;
using CommunityFund.Web.Features.Contests.Setup;

namespace CommunityFund.Web.Features.Contests.Voting;

/// <summary>
/// The QR code residents scan at the roadshow to reach the vote, for the big screen or a printed poster. The address is
/// absolute, from App:BaseUrl (the public address of the site), not from the request, so a screen opened on an internal
/// address still shows one residents' phones can reach.
/// </summary>
public class QrModel(IMediator mediator) : PageModel
{
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId) => Data = await mediator.Send(new Query { ContestId = contestId });

    /// <summary>The same code as a PNG file, for posters.</summary>
    public async Task<IActionResult> OnGetPngAsync(Guid contestId)
    {
        var data = await mediator.Send(new Query { ContestId = contestId });
        return File(data.Png, "image/png", "vote-qr.png");
    }

    public sealed record View(Guid ContestId, string Title, string VoteUrl, byte[] Png)
    {
        public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ITenantContext tenant, IConfiguration configuration) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var title = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId).Select(c => c.Title)
                            .SingleOrDefaultAsync(cancellationToken)
                        ?? throw new NotFoundException("No such contest in this tenant.");
            var url = VoteQrCode.VoteUrl(configuration, tenant.Current!.Identifier, request.ContestId);
            return new View(request.ContestId, title, url, VoteQrCode.Png(url));
        }
    }
}

public static class VoteQrCode
{
    /// <summary>{App:BaseUrl}/{tenant}/contests/{id}/vote (or the tenant's own host under the host strategy).</summary>
    public static string VoteUrl(IConfiguration configuration, string tenantIdentifier, Guid contestId) =>
        SiteAddress.Link(configuration, tenantIdentifier, $"/contests/{contestId}/vote");

    /// <summary>A PNG of the QR code, quartile error correction (survives a glare spot on a projected screen).</summary>
    public static byte[] Png(string text, int pixelsPerModule = 12)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
