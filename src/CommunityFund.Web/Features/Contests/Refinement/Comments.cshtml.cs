using CommunityFund.Web.Infrastructure.Web;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Refinement;

/// <summary>
/// 一对一优化: a threaded conversation on one proposal between the mentors (secretariat and committee members) and the
/// organisation. Open while the contest is in screening or refinement; afterwards it stays readable. Judges and other
/// organisations never see it.
/// </summary>
public class CommentsModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<RefinementResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Post Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        Input.ProposalId = id;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Input.ProposalId = id; // the proposal is the one in the address, whatever the form says
        var comment = await mediator.Send(Input);
        TempData["Notice"] = t["Comments.PostedNotice"].Value;
        return RedirectToPage("/Contests/Refinement/Comments", null, new { tenant = tenant.Current!.Identifier, id }, "c-" + comment.ToString("N"));
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ProposalId = Input.ProposalId });

    public enum AuthorKind { Mentor, Organisation }

    public sealed record Node(Guid Id, string Author, AuthorKind Kind, string Body, int OnVersion, DateTimeOffset CreatedAt, IReadOnlyList<Node> Replies);

    public sealed record View(Guid Id, int Number, string Title, string Organisation, ContestStage Stage, int LatestVersion, bool IsOpen, bool MayPost,
        int Count, IReadOnlyList<Node> Threads);

    /// <summary>Comments are open while the contest is in screening or refinement.</summary>
    public static bool IsOpenIn(ContestStage stage) => stage is ContestStage.Screening or ContestStage.Refining;

    /// <summary>
    /// Who takes part: secretariat and committee members as mentors, and the proposal's organisation; auditors read.
    /// Judges (even on the panel) and other organisations are refused (403); another tenant's proposal is not found (404).
    /// </summary>
    internal static async Task<(Proposal Proposal, bool MayPost)> OpenAsync(AppDbContext db, ICurrentUser user, Guid proposalId, CancellationToken ct)
    {
        var (proposal, viewer) = await ProposalAccess.OpenAsync(db, user, proposalId, ct);
        if (viewer == ProposalViewer.Judge) throw new ForbiddenException("Judges do not take part in refinement.");
        if (viewer == ProposalViewer.Owner) return (proposal, true);
        var roles = await user.GetTenantRolesAsync(ct);
        var mentor = roles.Contains(TenantRole.Secretariat) || roles.Contains(TenantRole.Committee)
                     || (user.UserId is { } me && await ProposalAccess.IsMemberAsync(db, me, proposal.OrganisationId, ct));
        return (proposal, mentor);
    }

    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.Auditor, TenantRole.OrgMember)]
    public sealed class Query : IRequest<View>
    {
        public Guid ProposalId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var (p, mayPost) = await OpenAsync(db, user, request.ProposalId, cancellationToken);
            var stage = await db.Set<Contest>().Where(c => c.Id == p.ContestId).Select(c => c.Stage).SingleAsync(cancellationToken);
            var organisation = await db.Set<Organisation>().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "?";
            var comments = await db.Set<ProposalComment>().AsNoTracking().Where(c => c.ProposalId == p.Id)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
            var members = (await db.Set<OrganisationMember>().Where(m => m.OrganisationId == p.OrganisationId).Select(m => m.UserId)
                .ToListAsync(cancellationToken)).ToHashSet();
            var names = await People.NamesAsync(catalog, comments.Select(c => c.AuthorId), cancellationToken);
            var children = comments.ToLookup(c => c.ParentId);

            // Threads in the order they were started (the newest last), each reply under its parent in the order written.
            Node Build(ProposalComment c) => new(c.Id, names.GetValueOrDefault(c.AuthorId, "?"),
                members.Contains(c.AuthorId) ? AuthorKind.Organisation : AuthorKind.Mentor, c.Body, c.OnVersion, c.CreatedAt,
                [.. children[c.Id].Select(Build)]);
            var open = IsOpenIn(stage);
            return new View(p.Id, p.Number, p.Title, organisation, stage, p.LatestVersion, open, open && mayPost, comments.Count,
                [.. children[null].Select(Build)]);
        }
    }

    /// <summary>A comment, or a reply to any comment on the same proposal (<see cref="ParentId"/>).</summary>
    [RequiresTenantRole(TenantRole.Secretariat, TenantRole.Committee, TenantRole.OrgMember)]
    public sealed class Post : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ProposalId { get; set; }
        public Guid? ParentId { get; set; }
        public string Body { get; set; } = "";
        string? IHasAuditTarget.AuditTarget => $"{ProposalId}:comment";
    }

    public sealed class Validator : AbstractValidator<Post>
    {
        public Validator(IStringLocalizer<RefinementResource> t)
        {
            RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => t["Comments.BodyRequired"])
                .Must(b => b.Trim().Length <= ProposalComment.BodyMax).WithMessage(_ => t["Comments.BodyTooLong", ProposalComment.BodyMax]);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock, IStringLocalizer<RefinementResource> t,
        IStringLocalizer<ContestResource> c) : IRequestHandler<Post, Guid>
    {
        public async Task<Guid> Handle(Post request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var (p, mayPost) = await OpenAsync(db, user, request.ProposalId, cancellationToken);
            if (!mayPost) throw new ForbiddenException("Auditors read refinement; they do not comment.");
            var stage = await db.Set<Contest>().Where(x => x.Id == p.ContestId).Select(x => x.Stage).SingleAsync(cancellationToken);
            if (!IsOpenIn(stage)) throw Refusal.Because(t["Comments.Closed", c["ContestStage." + stage]]);
            // A reply belongs to a comment of the same proposal; an id from elsewhere (or another tenant) is not one.
            if (request.ParentId is { } parent && !await db.Set<ProposalComment>().AnyAsync(x => x.Id == parent && x.ProposalId == p.Id, cancellationToken))
                throw Refusal.Because(t["Comments.ParentNotFound"]);
            var comment = new ProposalComment
            {
                ProposalId = p.Id, ParentId = request.ParentId, AuthorId = me, Body = request.Body.Trim(), OnVersion = p.LatestVersion,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Add(comment);
            return comment.Id;
        }
    }
}
