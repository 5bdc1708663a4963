using FluentValidation.Results;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Writes the working draft of a proposal. A draft may be incomplete, but what is typed must be right (numbers parse,
/// the budget stays within the contest's cap); a form with any mistake saves nothing. Submitted versions are never
/// touched here: they are appended on submission. <see cref="Command.Version"/> catches two people editing at once.
/// </summary>
public class EditModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        Data = await mediator.Send(new Query { ProposalId = id });
        Input = Data.Form;
        if (Input.Lines.Count == 0) Input.Lines.Add(new BudgetLineInput()); // one empty row to start from
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ProposalId = id; // the proposal is the one in the address, whatever the form says
        await mediator.Send(Input);
        TempData["Notice"] = t["Proposals.SavedNotice"].Value;
        return RedirectToPage("/Contests/Proposals/Detail", new { tenant = tenant.Current!.Identifier, id });
    }

    /// <summary>After a refused save the page shows what was typed (Input), with the proposal's facts reloaded.</summary>
    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProposalId = Input.ProposalId });

    public sealed record View(Guid Id, int Number, string Organisation, Guid ContestId, string ContestTitle, ContestStage Stage,
        ProposalStatus Status, decimal PerProjectCap, IReadOnlyList<string> Categories, bool Editable, Command Form);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var proposal = await ProposalEditors.OpenForEditAsync(db, user, request.ProposalId, cancellationToken);
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == proposal.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var form = new Command { ProposalId = proposal.Id, Version = proposal.Version };
            form.LoadFrom(proposal.GetDraft());
            return new View(proposal.Id, proposal.Number, organisation, contest.Id, contest.Title, contest.Stage, proposal.Status,
                contest.PerProjectCap, contest.Categories, ProposalLifecycle.MayEdit(proposal.Status, contest.Stage), form);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Command : ProposalFields, ICommand<Unit>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public int Version { get; set; }
        string? IHasAuditTarget.AuditTarget => ProposalId.ToString();
    }

    public sealed class Validator(IStringLocalizer<ProposalResource> t, IStringLocalizer<KernelResource> l) : ProposalFieldsValidator<Command>(t, l);

    public sealed class Handler(AppDbContext db, ICurrentUser user, IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var proposal = await ProposalEditors.OpenForEditAsync(db, user, request.ProposalId, cancellationToken, tracking: true);
            var contest = await ProposalEditors.ContestOfAsync(db, proposal.ContestId, cancellationToken);
            if (!ProposalLifecycle.MayEdit(proposal.Status, contest.Stage))
                throw new ValidationException([new ValidationFailure("", NotEditable(proposal.Status, contest.Stage, t, c))]);
            if (proposal.Version != request.Version)
                throw new ValidationException([new ValidationFailure("", t["Proposals.Stale"])]);

            var content = request.ToContent();
            var issues = ProposalChecks.ForDraft(content, contest.PerProjectCap, contest.Categories);
            if (issues.Count > 0)
                throw new ValidationException(issues.Select(i => new ValidationFailure(i.Property, ProposalChecks.Message(i, t))));
            proposal.SetDraft(content);
            proposal.Version++;
            return Unit.Value;
        }
    }

    public static string NotEditable(ProposalStatus status, ContestStage stage, IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c) =>
        t["Proposals.NotEditable", t["ProposalStatus." + status], c["ContestStage." + stage]];
}
