using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow.Conflicts;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Roadshow.Panel;

/// <summary>
/// A contest's judge panel (评审团). The secretariat adds tenant members who hold the Judge role and removes them until
/// the roadshow starts, and records conflicts of interest on a judge's behalf; committee and auditors read. Every
/// recorded conflict of the contest is listed here, whoever recorded it.
/// </summary>
public class IndexModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RoadshowResource> t) : PageModel, IReloadOnInvalid
{
    /// <summary>One form object for the page's three forms; each handler sends its own command from it.</summary>
    [BindProperty] public Form Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    public Guid ContestId { get; private set; }
    public int ConflictPage { get; private set; } = 1;
    [TempData] public string? Notice { get; set; }
    public bool IsSecretariat => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Secretariat));

    public async Task OnGetAsync(Guid contestId, int p = 1)
    {
        ContestId = contestId;
        ConflictPage = p;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid contestId)
    {
        ContestId = contestId;
        await mediator.Send(new AddJudge { ContestId = contestId, UserId = Input.UserId });
        return Done(t["Panel.AddedNotice"]);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid contestId)
    {
        ContestId = contestId;
        await mediator.Send(new RemoveJudge { ContestId = contestId, JudgeId = Input.JudgeId });
        return Done(t["Panel.RemovedNotice"]);
    }

    public async Task<IActionResult> OnPostConflictAsync(Guid contestId)
    {
        ContestId = contestId;
        await mediator.Send(new RecordConflict { ContestId = contestId, JudgeId = Input.JudgeId, ProposalId = Input.ProposalId, Reason = Input.Reason });
        return Done(t["Conflicts.RecordedNotice"]);
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage("/Contests/Roadshow/Panel/Index", new { tenant = tenant.Current!.Identifier, contestId = ContestId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = ContestId, Page = ConflictPage });

    public sealed class Form
    {
        public Guid? UserId { get; set; }
        public Guid? JudgeId { get; set; }
        public Guid? ProposalId { get; set; }
        public string Reason { get; set; } = "";
    }

    public const int ConflictPageSize = 50;

    public sealed record JudgeRow(Guid JudgeId, string Name, string Email, DateTimeOffset AddedAt, int Conflicts, bool HasSubmittedSheets);
    public sealed record Candidate(Guid UserId, string Name, string Email);
    public sealed record ProposalOption(Guid Id, int Number, string Title, string Organisation);
    public sealed record ConflictRow(
        string Judge, int ProposalNumber, string ProposalTitle, ConflictSource Source, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

    public sealed record View(
        Guid ContestId, string ContestTitle, ContestStage Stage, IReadOnlyList<JudgeRow> Judges, IReadOnlyList<Candidate> Candidates,
        bool AnyJudgeMembers, IReadOnlyList<ProposalOption> Proposals, IReadOnlyList<ConflictRow> Conflicts, int ConflictCount, int Page, int Pages)
    {
        public bool PanelOpen => RoadshowWindows.PanelOpen(Stage);
        public bool ConflictsOpen => RoadshowWindows.ConflictsOpen(Stage);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor)]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            var id = contest.Id;
            var panel = await db.Set<ContestJudge>().AsNoTracking().Where(j => j.ContestId == id).OrderBy(j => j.AddedAt).ToListAsync(cancellationToken);
            var judgeMembers = await db.Set<TenantMembership>().Where(m => m.Role == TenantRole.Judge)
                .Select(m => m.UserId).Distinct().ToListAsync(cancellationToken);
            var conflictsByJudge = await db.Set<ConflictDeclaration>().Where(c => c.ContestId == id)
                .GroupBy(c => c.JudgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            var scoringJudges = await db.Set<ScoreSheet>().Where(s => s.ContestId == id && s.Status == SheetStatus.Submitted)
                .Select(s => s.JudgeId).Distinct().ToListAsync(cancellationToken);
            var proposals = await (from p in db.Set<Proposal>()
                                   join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                                   where p.ContestId == id && p.Status == ProposalStatus.Accepted
                                   orderby p.Number
                                   select new ProposalOption(p.Id, p.Number, p.Title, o.Name)).ToListAsync(cancellationToken);

            var conflicts = db.Set<ConflictDeclaration>().AsNoTracking().Where(c => c.ContestId == id);
            var total = await conflicts.CountAsync(cancellationToken);
            var pages = Math.Max(1, (total + ConflictPageSize - 1) / ConflictPageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var shown = await (from c in conflicts
                               join p in db.Set<Proposal>() on c.ProposalId equals p.Id
                               orderby c.RecordedAt descending, p.Number
                               select new { c.JudgeId, p.Number, p.Title, c.Source, c.Reason, c.RecordedBy, c.RecordedAt })
                .Skip((page - 1) * ConflictPageSize).Take(ConflictPageSize).ToListAsync(cancellationToken);

            var onPanel = panel.Select(j => j.JudgeId).ToHashSet();
            var people = panel.Select(j => j.JudgeId).Concat(judgeMembers).Concat(shown.Select(c => c.JudgeId)).Concat(shown.Select(c => c.RecordedBy)).ToList();
            var names = await People.NamesAsync(catalog, people, cancellationToken);
            var emails = await catalog.Users.AsNoTracking().Where(u => people.Contains(u.Id))
                .Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", cancellationToken);
            string Name(Guid user) => names.GetValueOrDefault(user, "?");
            string Email(Guid user) => emails.GetValueOrDefault(user, "");

            return new View(
                id, contest.Title, contest.Stage,
                [.. panel.Select(j => new JudgeRow(j.JudgeId, Name(j.JudgeId), Email(j.JudgeId), j.AddedAt,
                    conflictsByJudge.GetValueOrDefault(j.JudgeId), scoringJudges.Contains(j.JudgeId)))],
                [.. judgeMembers.Where(u => !onPanel.Contains(u)).Select(u => new Candidate(u, Name(u), Email(u)))
                    .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Email, StringComparer.OrdinalIgnoreCase)],
                judgeMembers.Count > 0, proposals,
                [.. shown.Select(c => new ConflictRow(Name(c.JudgeId), c.Number, c.Title, c.Source, c.Reason, Name(c.RecordedBy), c.RecordedAt))],
                total, page, pages);
        }
    }

    /// <summary>Put a tenant member holding the Judge role on the panel, until the roadshow starts. Secretariat only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class AddJudge : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid? UserId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{UserId}";
    }

    public sealed class AddJudgeValidator : AbstractValidator<AddJudge>
    {
        public AddJudgeValidator(IStringLocalizer<RoadshowResource> t) =>
            RuleFor(c => c.UserId).Must(id => id is { } g && g != Guid.Empty).WithMessage(_ => t["Panel.ChooseJudge"]);
    }

    public sealed class AddJudgeHandler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<AddJudge, Guid>
    {
        public async Task<Guid> Handle(AddJudge request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var judgeId = request.UserId!.Value;
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            if (!RoadshowWindows.PanelOpen(contest.Stage))
                throw Refusal.Because(t["Panel.AddClosed", c["ContestStage." + contest.Stage]]);
            var isJudge = await db.Set<TenantMembership>().AnyAsync(m => m.UserId == judgeId && m.Role == TenantRole.Judge, cancellationToken);
            if (!isJudge) throw Refusal.Because(t["Panel.NotAJudge"], nameof(AddJudge.UserId));
            if (await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == contest.Id && j.JudgeId == judgeId, cancellationToken))
                throw Refusal.Because(t["Panel.AlreadyOnPanel"], nameof(AddJudge.UserId));
            var row = new ContestJudge { ContestId = contest.Id, JudgeId = judgeId, AddedBy = me, AddedAt = clock.GetUtcNow() };
            db.Add(row);
            return row.Id;
        }
    }

    /// <summary>Take a judge off the panel: only before the roadshow, and never one whose submitted scores exist. Secretariat only.</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class RemoveJudge : ICommand<Unit>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid? JudgeId { get; set; }
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{JudgeId}";
    }

    public sealed class RemoveJudgeHandler(AppDbContext db, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<RemoveJudge, Unit>
    {
        public async Task<Unit> Handle(RemoveJudge request, CancellationToken cancellationToken)
        {
            var contest = await RoadshowWindows.ContestAsync(db, request.ContestId, cancellationToken);
            if (!RoadshowWindows.PanelOpen(contest.Stage))
                throw Refusal.Because(t["Panel.RemoveClosed", c["ContestStage." + contest.Stage]]);
            var row = await db.Set<ContestJudge>().SingleOrDefaultAsync(j => j.ContestId == contest.Id && j.JudgeId == request.JudgeId, cancellationToken)
                      ?? throw Refusal.Because(t["Panel.NotOnPanel"]);
            // Removing the judge would silently drop their submitted scores from the results.
            if (await db.Set<ScoreSheet>().AnyAsync(s => s.ContestId == contest.Id && s.JudgeId == row.JudgeId && s.Status == SheetStatus.Submitted, cancellationToken))
                throw Refusal.Because(t["Panel.RemoveHasSheets"]);
            db.Remove(row);
            return Unit.Value;
        }
    }

    /// <summary>The secretariat records a conflict between a panel judge and an accepted proposal (Source RecordedBySecretariat).</summary>
    [RequiresTenantRole(TenantRole.Secretariat)]
    public sealed class RecordConflict : ICommand<Guid>, IHasAuditTarget, IConflictInput
    {
        public Guid ContestId { get; set; }
        public Guid? JudgeId { get; set; }
        public Guid? ProposalId { get; set; }
        public string Reason { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ContestId}:{JudgeId}:{ProposalId}";
    }

    public sealed class RecordConflictValidator : AbstractValidator<RecordConflict>
    {
        public RecordConflictValidator(IStringLocalizer<RoadshowResource> t)
        {
            RuleFor(c => c.JudgeId).Must(id => id is { } g && g != Guid.Empty).WithMessage(_ => t["Conflicts.ChooseJudge"]);
            this.AddReasonAndProposalRules(t);
        }
    }

    public sealed class RecordConflictHandler(
        AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<RecordConflict, Guid>
    {
        public Task<Guid> Handle(RecordConflict request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            return ConflictRecorder.RecordAsync(db, t, c, request.ContestId, request.JudgeId!.Value, request.ProposalId!.Value, request.Reason,
                ConflictSource.RecordedBySecretariat, me, clock.GetUtcNow(), cancellationToken);
        }
    }
}
