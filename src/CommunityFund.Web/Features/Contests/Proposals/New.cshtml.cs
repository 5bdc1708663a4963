using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Starts a proposal draft: an organisation's member for one of their own verified organisations, or the secretariat
/// for any verified organisation (a proposal collected on a visit). Only while the contest is collecting. The draft
/// gets the contest's next number at once; the rest of the proposal is written on the edit page.
/// </summary>
public class NewModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<ProposalResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await ReloadAsync();
        if (Data.Organisations.Count == 1) Input.OrganisationId = Data.Organisations[0].Id;
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId)
    {
        Input.ContestId = contestId; // the contest is the one in the address, whatever the form says
        var id = await mediator.Send(Input);
        TempData["Notice"] = t["Proposals.CreatedNotice"].Value;
        return RedirectToPage("/Contests/Proposals/Edit", new { tenant = tenant.Current!.Identifier, id });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId });

    public sealed record OrganisationOption(Guid Id, string Name);

    /// <summary><see cref="UnverifiedOwn"/>: the member's organisations still waiting for (or refused) verification, named so they know why they cannot pick them.</summary>
    public sealed record View(Guid ContestId, string ContestTitle, ContestStage Stage, bool OnBehalf,
        IReadOnlyList<OrganisationOption> Organisations, IReadOnlyList<string> UnverifiedOwn);

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await ProposalEditors.ContestOfAsync(db, request.ContestId, cancellationToken);
            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var onBehalf = roles.Contains(TenantRole.Secretariat);
            var me = user.UserId;
            var organisations = db.Set<Organisation>().AsNoTracking();
            var own = organisations.Where(o => db.Set<OrganisationMember>().Any(m => m.OrganisationId == o.Id && m.UserId == me));
            var choices = await (onBehalf ? organisations : own).Where(o => o.Status == VerificationStatus.Verified)
                .OrderBy(o => o.Name).Select(o => new OrganisationOption(o.Id, o.Name)).ToListAsync(cancellationToken);
            var unverified = await own.Where(o => o.Status != VerificationStatus.Verified).OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(cancellationToken);
            return new View(contest.Id, contest.Title, contest.Stage, onBehalf, choices, unverified);
        }
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.OrgMember)]
    public sealed class Command : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid OrganisationId { get; set; }
        public string Title { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{OrganisationId}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ProposalResource> t)
        {
            RuleFor(c => c.OrganisationId).NotEmpty().WithMessage(_ => t["Proposals.ChooseOrganisation"]);
            RuleFor(c => c.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Proposals.TitleRequired"])
                .Must(s => ProposalFields.Clean(s).Length <= ProposalContent.TitleMax).WithMessage(_ => t["Field.TooLong", ProposalContent.TitleMax]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock,
        IStringLocalizer<ProposalResource> t, IStringLocalizer<ContestResource> c) : IRequestHandler<Command, Guid>
    {
        public async Task<Guid> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var contest = await ProposalEditors.ContestOfAsync(db, request.ContestId, cancellationToken);
            if (!ProposalLifecycle.MayCreate(contest.Stage)) throw Refusal.Because(t["Proposals.CreateOnlyWhileCollecting", c["ContestStage." + contest.Stage]]);

            var roles = await user.GetTenantRolesAsync(cancellationToken);
            var organisation = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrganisationId, cancellationToken);
            var isMember = organisation is not null && await ProposalAccess.IsMemberAsync(db, me, organisation.Id, cancellationToken);
            // Another tenant's or another organisation's id: the same message, so ids reveal nothing.
            if (organisation is null || (!isMember && !roles.Contains(TenantRole.Secretariat)))
                throw Refusal.Because(t["Proposals.NotYourOrganisation"], nameof(Command.OrganisationId));
            if (organisation.Status != VerificationStatus.Verified)
                throw Refusal.Because(t["Proposals.OrganisationNotVerified", organisation.Name], nameof(Command.OrganisationId));

            var number = await ProposalNumbering.NextAsync(db, tenant.Current!.Id, contest.Id, cancellationToken)
                         ?? throw Refusal.Because(t["Proposals.CollectingClosed"]); // the stage moved on while we were here
            var proposal = new Proposal
            {
                ContestId = contest.Id,
                OrganisationId = organisation.Id,
                Number = number,
                Status = ProposalStatus.Draft,
                Channel = isMember ? ProposalChannel.Online : ProposalChannel.CollectedOnVisit,
                CreatedBy = me,
                CreatedAt = clock.GetUtcNow(),
            };
            proposal.SetDraft(new ProposalContent { Title = ProposalFields.Clean(request.Title) });
            db.Add(proposal);
            return proposal.Id;
        }
    }
}
