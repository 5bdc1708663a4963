using CommunityFund.Web.Infrastructure.Audit;
namespace CommunityFund.Web.Features.Audit.Verify;

/// <summary>
/// Checks the fund's audit chain (校验审计链): walks every row from the first, recomputes each hash and link, and names
/// the first row that was edited or deleted. Anyone who noted a chain head (sequence and hash) can compare it here.
/// </summary>
public class IndexModel(IMediator mediator) : PageModel
{
    public ChainVerification? Result { get; private set; }
    public Head Current { get; private set; } = new(0, "");

    public async Task OnGetAsync(bool run = false)
    {
        Current = await mediator.Send(new HeadQuery());
        if (run) Result = await mediator.Send(new Query());
    }

    /// <summary>The chain's last link as it stands: what a reader notes to compare later.</summary>
    public sealed record Head(long Sequence, string Hash);

    [RequiresTenantRole(TenantRole.Auditor, TenantRole.Committee)]
    public sealed class HeadQuery : IRequest<Head>;

    public sealed class HeadHandler(AppDbContext db) : IRequestHandler<HeadQuery, Head>
    {
        public async Task<Head> Handle(HeadQuery request, CancellationToken cancellationToken) =>
            await db.Set<AuditChainHead>().AsNoTracking().Select(h => new Head(h.Sequence, h.Hash)).SingleOrDefaultAsync(cancellationToken) ?? new Head(0, "");
    }

    [RequiresTenantRole(TenantRole.Auditor, TenantRole.Committee)]
    public sealed class Query : IRequest<ChainVerification>;

    public sealed class Handler(AppDbContext db) : IRequestHandler<Query, ChainVerification>
    {
        public Task<ChainVerification> Handle(Query request, CancellationToken cancellationToken) => AuditChainCheck.VerifyAsync(db, cancellationToken);
    }
}
