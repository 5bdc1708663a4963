using FluentValidation.Results;
using MySqlConnector;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>
/// A judge's score sheet (<see cref="ScoreSheet"/>) for one proposal (DESIGN §4 Roadshow, invariant 7). Only a panel
/// judge without a recorded conflict opens it; saving and submitting happen only during the roadshow; submitting locks
/// the sheet, and every save, submission and unlock is kept as an event with the scores of that moment. The page shows
/// the judge's own sheet only, never another judge's.
/// </summary>
public class ScoreSheetModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<SheetResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Command Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid proposalId)
    {
        Data = await mediator.Send(new Query { ProposalId = proposalId });
        Input = new Command
        {
            ProposalId = proposalId,
            Version = Data.Version,
            Comment = Data.Comment,
            Scores = [.. Data.Criteria.Select(c => new ScoreEntry
            {
                CriterionId = c.Id,
                Value = Data.Scores.TryGetValue(c.Id, out var s) ? SheetRules.Points(s) : "",
            })],
        };
    }

    public async Task<IActionResult> OnPostAsync(Guid proposalId)
    {
        Input.ProposalId = proposalId; // the proposal is the one in the address, whatever the form says
        var saved = await mediator.Send(Input);
        if (saved.Status == SheetStatus.Submitted)
        {
            TempData["Notice"] = t["Sheet.SubmittedNotice"].Value;
            return RedirectToPage("/Contests/Sheets/Score", new { tenant = tenant.Current!.Identifier, contestId = saved.ContestId });
        }
        TempData["Notice"] = t["Sheet.SavedNotice"].Value;
        return RedirectToPage("/Contests/Sheets/ScoreSheet", new { tenant = tenant.Current!.Identifier, proposalId });
    }

    public async Task ReloadAsync()
    {
        Data = await mediator.Send(new Query { ProposalId = Input.ProposalId });
        // One entry per criterion, in rubric order, keeping what was typed (a tampered form cannot break the page).
        var typed = Input.Scores.Where(s => s.CriterionId is not null).GroupBy(s => s.CriterionId).ToDictionary(g => g.Key, g => g.First().Value);
        Input.Scores = [.. Data.Criteria.Select(c => new ScoreEntry { CriterionId = c.Id, Value = typed.GetValueOrDefault(c.Id) ?? "" })];
    }

    public sealed record Criterion(string Id, string Name, decimal MaxPoints);

    public sealed record View(
        Guid ProposalId, int Number, string Title, string Category, string Organisation, decimal RequestedAmount,
        int? RunningOrder, TimeOnly? SlotStart, int? SlotMinutes,
        Guid ContestId, string ContestTitle, ContestStage Stage, IReadOnlyList<Criterion> Criteria,
        Guid? SheetId, SheetStatus? Status, DateTimeOffset? UpdatedAt, DateTimeOffset? SubmittedAt, int Version,
        IReadOnlyDictionary<string, decimal> Scores, string Comment)
    {
        public bool IsLocked => Status == SheetStatus.Submitted;
        public bool CanEdit => Stage == ContestStage.Roadshow && !IsLocked;
        public decimal Total => Scores.Values.Sum();
    }

    /// <summary>The signed-in judge's own sheet for the proposal (empty when not started).</summary>
    [RequiresTenantRole(TenantRole.Judge)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var proposal = await db.Set<Proposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProposalId, cancellationToken)
                           ?? throw new NotFoundException("No such proposal in this tenant.");
            await ProposalAccess.EnsureJudgeMayOpenAsync(db, me, proposal, cancellationToken);
            var contest = await db.Set<Contest>().AsNoTracking().SingleAsync(c => c.Id == proposal.ContestId, cancellationToken);
            var organisation = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == proposal.OrganisationId)
                .Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";
            var sheet = await db.Set<ScoreSheet>().AsNoTracking()
                .SingleOrDefaultAsync(s => s.ProposalId == proposal.Id && s.JudgeId == me, cancellationToken);
            var criteria = contest.GetRubric().Criteria.Select(c => new Criterion(c.Id, SheetRules.NameOf(c), c.MaxPoints)).ToList();
            return new View(proposal.Id, proposal.Number, proposal.Title, proposal.Category, organisation, proposal.RequestedAmount,
                proposal.RunningOrder, proposal.SlotStart, proposal.SlotMinutes, contest.Id, contest.Title, contest.Stage, criteria,
                sheet?.Id, sheet?.Status, sheet?.UpdatedAt, sheet?.SubmittedAt, sheet?.Version ?? 0,
                sheet?.GetScores() ?? [], sheet?.Comment ?? "");
        }
    }

    public sealed record Saved(Guid ContestId, Guid SheetId, SheetStatus Status);

    /// <summary>
    /// Save the judge's sheet as a draft (blank scores allowed) or submit it (every criterion scored; the sheet locks).
    /// <see cref="Version"/> is the sheet version the form was drawn from (0 for a sheet not yet started).
    /// </summary>
    [RequiresTenantRole(TenantRole.Judge)]
    public sealed class Command : ICommand<Saved>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public bool Submit { get; set; }
        public int Version { get; set; }
        public string Comment { get; set; } = "";
        public List<ScoreEntry> Scores { get; set; } = [];
        string? IHasAuditTarget.AuditTarget => $"{ProposalId} {(Submit ? "submit" : "save")}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SheetResource> t)
        {
            RuleFor(c => c.Comment).Must(c => (c ?? "").Trim().Length <= ScoreSheet.CommentMax)
                .WithMessage(_ => t["Sheet.CommentTooLong", ScoreSheet.CommentMax]);
        }
    }

    public sealed class Handler(UnitOfWork unitOfWork, AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<SheetResource> t, IStringLocalizer<ContestResource> c)
        : IRequestHandler<Command, Saved>
    {
        public async Task<Saved> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var proposal = await db.Set<Proposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProposalId, cancellationToken)
                           ?? throw new NotFoundException("No such proposal in this tenant.");
            // Off the panel, conflicted, or not an accepted proposal: 403, before anything else is looked at.
            await ProposalAccess.EnsureJudgeMayOpenAsync(db, me, proposal, cancellationToken);
            var contest = await db.Set<Contest>().AsNoTracking().SingleAsync(x => x.Id == proposal.ContestId, cancellationToken);
            if (contest.Stage != ContestStage.Roadshow)
                throw Refusal.Because(t["Sheet.NotOpen", c["ContestStage." + contest.Stage]]);

            var sheet = await db.Set<ScoreSheet>().SingleOrDefaultAsync(s => s.ProposalId == proposal.Id && s.JudgeId == me, cancellationToken);
            if (sheet?.Status == SheetStatus.Submitted) throw Refusal.Because(t["Sheet.Locked"]);
            if ((sheet?.Version ?? 0) != request.Version) throw Refusal.Because(t["Sheet.Stale"]);

            var rubric = contest.GetRubric();
            var (scores, problems) = SheetRules.Read(rubric, request.Scores, request.Submit);
            if (problems.Count > 0)
            {
                throw new ValidationException(problems.Select(p =>
                {
                    var criterion = rubric.Find(p.CriterionId);
                    var message = t[p.MessageKey, criterion is null ? p.CriterionId : SheetRules.NameOf(criterion), SheetRules.Points(criterion?.MaxPoints ?? 0)];
                    return new ValidationFailure(p.Index is { } i ? $"Scores[{i}].Value" : "", message);
                }).ToList());
            }

            var now = clock.GetUtcNow();
            if (sheet is null)
            {
                sheet = new ScoreSheet { ContestId = contest.Id, ProposalId = proposal.Id, JudgeId = me, Status = SheetStatus.Draft };
                db.Add(sheet);
            }
            sheet.SetScores(scores);
            sheet.Comment = (request.Comment ?? "").Trim();
            sheet.UpdatedAt = now;
            sheet.Version++;
            if (request.Submit)
            {
                sheet.Status = SheetStatus.Submitted;
                sheet.SubmittedAt = now;
            }
            db.Add(new ScoreSheetEvent
            {
                SheetId = sheet.Id, Kind = request.Submit ? SheetEventKind.Submitted : SheetEventKind.Saved,
                ScoresJson = sheet.ScoresJson, Comment = sheet.Comment, ActorId = me, At = now,
            });
            // UPDATE … WHERE Version = (what we read): a save racing an unlock or another tab loses here, not silently.
            unitOfWork.OnConflict(t["Sheet.Stale"]);
            return new Saved(contest.Id, sheet.Id, sheet.Status);
        }
    }
}
