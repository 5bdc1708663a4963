using FluentValidation.Results;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>
/// The secretariat corrects a contest's setup. Only while Draft: once organisations can see the call, its terms stay as
/// published. <see cref="Command.Version"/> catches two people editing at once.
/// </summary>
public class EditModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ContestResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public IReadOnlyList<FundOption> Funds { get; private set; } = [];
    public ContestStage Stage { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        Input = await mediator.Send(new Query { ContestId = id });
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ContestId = id; // the contest is the one in the address, whatever the form says
        await mediator.Send(Input);
        TempData["Notice"] = t["Contests.SavedNotice"].Value;
        return RedirectToPage("/Contests/Setup/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => (Funds, Stage) = await mediator.Send(new FormQuery { ContestId = Input.ContestId });

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Query : IRequest<Command>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Command>
    {
        public async Task<Command> Handle(Query request, CancellationToken cancellationToken)
        {
            var c = await db.Set<Contest>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.ContestId, cancellationToken)
                    ?? throw new NotFoundException("No such contest in this tenant.");
            var command = new Command { ContestId = c.Id, Version = c.Version };
            command.LoadFrom(c);
            return command;
        }
    }

    public sealed record Form(IReadOnlyList<FundOption> Funds, ContestStage Stage);

    /// <summary>What the form shows besides the fields: the funds to pay from and the contest's stage.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class FormQuery : IRequest<Form>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class FormHandler(AppDbContext db, IFundDirectory funds) : IRequestHandler<FormQuery, Form>
    {
        public async Task<Form> Handle(FormQuery request, CancellationToken cancellationToken) =>
            new(await funds.ListAsync(cancellationToken),
                await db.Set<Contest>().Where(c => c.Id == request.ContestId).Select(c => c.Stage).SingleOrDefaultAsync(cancellationToken));
    }

    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class Command : ContestFields, ICommand<Unit>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public int Version { get; set; }
        string? IHasAuditTarget.AuditTarget => ContestId.ToString();
    }

    public sealed class Validator(IStringLocalizer<ContestResource> t, IStringLocalizer<KernelResource> l, IFundDirectory funds)
        : ContestFieldsValidator<Command>(t, l, funds);

    public sealed class Handler(AppDbContext db, IStringLocalizer<ContestResource> t) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().SingleOrDefaultAsync(x => x.Id == request.ContestId, cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            if (contest.Stage != ContestStage.Draft)
                throw new ValidationException([new ValidationFailure("", t["Contests.EditOnlyInDraft", t["ContestStage." + contest.Stage]])]);
            if (contest.Version != request.Version)
                throw new ValidationException([new ValidationFailure("", t["Contests.Stale"])]);
            request.ApplyTo(contest);
            contest.Version++;
            return Unit.Value;
        }
    }
}
