using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>The secretariat sets up a new contest round; it starts in Draft and opens for proposals by an explicit stage change.</summary>
public class NewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];

    public Task OnGetAsync() => ReloadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Contests.CreatedNotice"].Value;
        return RedirectToPage("/Contests/Setup/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Funds = await mediator.Send(new Query());

    /// <summary>The funds a contest may pay from; read by the same role as the command.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<IReadOnlyList<FundOption>>;

    public sealed class QueryHandler(IFundDirectory funds) : IRequestHandler<Query, IReadOnlyList<FundOption>>
    {
        public async Task<IReadOnlyList<FundOption>> Handle(Query request, CancellationToken cancellationToken) =>
            await funds.ListAsync(cancellationToken);
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ContestFields, ICommand<Guid>, IHasAuditTarget
    {
        string? IHasAuditTarget.AuditTarget => Title.Trim();
    }

    public sealed class Validator(IStringLocalizer<ContestResource> t, IStringLocalizer<KernelResource> l, IFundDirectory funds)
        : ContestFieldsValidator<Command>(t, l, funds);

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Guid>
    {
        public Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var contest = new Contest
            {
                CreatedBy = user.UserId ?? throw new ForbiddenException("Sign in first."),
                CreatedAt = clock.GetUtcNow(),
            };
            request.ApplyTo(contest);
            db.Add(contest);
            return Task.FromResult(contest.Id);
        }
    }
}
