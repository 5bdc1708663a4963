using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Awards;

/// <summary>
/// The objections filed against a contest's public notice: open ones first. The committee answers each once; the answer
/// is published on the notice page. Secretariat and auditors read. With every objection answered and the notice over,
/// the contest may move to Final (the stage guard counts open objections).
/// </summary>
public class ObjectionsModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<AwardsResource> t) : PageModel, IReloadOnInvalid
{
    public const int PageSize = 20;

    [BindProperty] public Answer Input { get; set; } = new();
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public bool IsCommittee => User.HasClaim(CommunityFundClaims.TenantRole, nameof(TenantRole.Committee));
    private int _page = 1;

    public async Task OnGetAsync(Guid contestId, int p = 1)
    {
        Input.ContestId = contestId;
        _page = p;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await mediator.Send(Input);
        TempData["Notice"] = t["Objections.AnsweredNotice"].Value;
        return RedirectToPage("/Contests/Awards/Objections", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId, Page = _page });

    public sealed record Row(Guid Id, string Name, string Contact, string? Proposal, string Text, DateTimeOffset FiledAt,
        string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt)
    {
        public bool IsOpen => AnsweredAt is null;
    }

    public sealed record Result(Guid ContestId, string Title, ContestStage Stage, DateTimeOffset? NoticeEndsAt, int OpenCount, int Total,
        IReadOnlyList<Row> Rows, int Page, int Pages);

    [RequiresTenantRole(TenantRole.Committee, TenantRole.Secretariat, TenantRole.Auditor)]
    public sealed class Query : IRequest<Result>
    {
        public Guid ContestId { get; init; }
        public int Page { get; init; } = 1;
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId)
                              .Select(c => new { c.Id, c.Title, c.Stage, c.NoticeEndsAt }).SingleOrDefaultAsync(cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var all = db.Set<Objection>().AsNoTracking().Where(o => o.ContestId == contest.Id);
            var total = await all.CountAsync(cancellationToken);
            var open = await all.CountAsync(o => o.AnsweredAt == null, cancellationToken);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(request.Page, 1, pages);
            var rows = await (from o in all
                              join p in db.Set<Proposals.Proposal>() on o.ProposalId equals p.Id into proposals
                              from p in proposals.DefaultIfEmpty()
                              orderby o.AnsweredAt == null descending, o.FiledAt
                              select new { o.Id, o.Name, o.Contact, Number = (int?)p.Number, Title = p.Title, o.Text, o.FiledAt, o.Answer, o.AnsweredBy, o.AnsweredAt })
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
            var names = await People.NamesAsync(catalog, rows.Where(r => r.AnsweredBy is not null).Select(r => r.AnsweredBy!.Value), cancellationToken);
            return new Result(contest.Id, contest.Title, contest.Stage, contest.NoticeEndsAt, open, total,
                rows.Select(r => new Row(r.Id, r.Name, r.Contact, r.Number is { } n ? $"{n} {r.Title}" : null, r.Text, r.FiledAt, r.Answer,
                    r.AnsweredBy is { } by ? names.GetValueOrDefault(by, "?") : null, r.AnsweredAt)).ToList(),
                page, pages);
        }
    }

    /// <summary>The committee's answer to one objection, published on the notice page. An objection is answered once.</summary>
    [RequiresTenantRole(TenantRole.Committee)]
    public sealed class Answer : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public Guid ObjectionId { get; set; }
        public string Text { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => ObjectionId.ToString();
    }

    public sealed class Validator : AbstractValidator<Answer>
    {
        public Validator(IStringLocalizer<AwardsResource> t)
        {
            RuleFor(c => c.Text).Cascade(CascadeMode.Stop)
                .Must(x => !string.IsNullOrWhiteSpace(x)).WithMessage(_ => t["Objections.AnswerRequired"])
                .Must(x => x.Trim().Length <= Objection.AnswerMax).WithMessage(_ => t["Field.TooLong", Objection.AnswerMax]);
        }
    }

    public sealed class AnswerHandler(AppDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider clock, IStringLocalizer<AwardsResource> t)
        : IRequestHandler<Answer, Guid>
    {
        public async Task<Guid> Handle(Answer request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            // Row lock first: two committee members answering at once are served one after the other, and the second
            // reads the first one's answer (and is told so) instead of failing on the version check.
            var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            await db.Database.ExecuteSqlAsync(
                $"SELECT Id FROM Objections WHERE TenantId = {tenantId} AND Id = {request.ObjectionId.ToString()} FOR UPDATE", cancellationToken);
            var objection = await db.Set<Objection>().SingleOrDefaultAsync(o => o.Id == request.ObjectionId && o.ContestId == request.ContestId, cancellationToken)
                            ?? throw new NotFoundException("No such objection in this contest.");
            if (!objection.IsOpen) throw Refusal.Because(t["Objections.AlreadyAnswered"]);
            objection.Answer = request.Text.Trim();
            objection.AnsweredBy = me;
            objection.AnsweredAt = clock.GetUtcNow();
            objection.Version++;
            return objection.Id;
        }
    }
}
