using Microsoft.AspNetCore.Authorization;
using MySqlConnector;
using CommunityFund.Web.Features.Contests.Organisations;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Web;

namespace CommunityFund.Web.Features.Contests.Voting;

/// <summary>
/// The resident vote (大众评审): any signed-in account whose e-mail address is confirmed (residents register themselves;
/// they are not tenant members) casts one ballot per contest naming 1..K accepted proposals, while the roadshow is on.
/// A ballot is final.
/// </summary>
[Authorize]
public class VoteModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<VotingResource> t) : PageModel, IReloadOnInvalid
{
    [BindProperty] public Cast Input { get; set; } = new();
    public View Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid contestId)
    {
        Input.ContestId = contestId;
        await ReloadAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid contestId)
    {
        Input.ContestId = contestId; // the contest is the one in the address, whatever the form says
        await mediator.Send(Input);
        TempData["Notice"] = t["Vote.CastNotice"].Value;
        return RedirectToPage("/Contests/Voting/Vote", new { tenant = tenant.Current!.Identifier, contestId });
    }

    /// <summary>Sends the confirmation e-mail again, leading back to this vote.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid contestId)
    {
        await mediator.Send(new ResendConfirmation { ReturnUrl = Request.Path });
        TempData["Notice"] = t["Vote.ConfirmationSent"].Value;
        return RedirectToPage("/Contests/Voting/Vote", new { tenant = tenant.Current!.Identifier, contestId });
    }

    public async Task ReloadAsync() => Data = await mediator.Send(new Query { ContestId = Input.ContestId });

    /// <summary>Whether the vote is open, not yet open, or over (the stage decides: open exactly during the roadshow).</summary>
    public enum VoteWindow { NotYetOpen, Open, Closed }

    public sealed record Choice(Guid Id, int Number, string Title, string Organisation, string Category, string Need);

    public sealed record View(Guid ContestId, string Title, VoteWindow Window, int Limit, IReadOnlyList<Choice> Choices,
        DateTimeOffset? VotedAt, IReadOnlyList<Choice> MyChoices, bool EmailConfirmed);

    public static VoteWindow WindowOf(ContestStage stage) =>
        stage < ContestStage.Roadshow ? VoteWindow.NotYetOpen : stage == ContestStage.Roadshow ? VoteWindow.Open : VoteWindow.Closed;

    [RequiresSignedInUser]
    public sealed class Query : IRequest<View>
    {
        public Guid ContestId { get; init; }
    }

    public sealed class QueryHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user) : IRequestHandler<Query, View>
    {
        public async Task<View> Handle(Query request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId)
                              .Select(c => new { c.Id, c.Title, c.Stage, c.ResidentVoteLimit }).SingleOrDefaultAsync(cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            var window = WindowOf(contest.Stage);
            var ballot = await db.Set<ResidentBallot>().AsNoTracking()
                .SingleOrDefaultAsync(b => b.ContestId == contest.Id && b.ResidentId == me, cancellationToken);
            // Residents see the list only while the vote is open; afterwards only what they chose.
            var choices = window == VoteWindow.Open || ballot is not null ? await BallotChoices.LoadAsync(db, contest.Id, cancellationToken) : [];
            IReadOnlyList<Choice> mine = [];
            if (ballot is not null)
            {
                var chosen = await db.Set<ResidentVote>().Where(v => v.BallotId == ballot.Id).Select(v => v.ProposalId).ToListAsync(cancellationToken);
                mine = choices.Where(c => chosen.Contains(c.Id)).ToList();
            }
            return new View(contest.Id, contest.Title, window, contest.ResidentVoteLimit, window == VoteWindow.Open ? choices : [],
                ballot?.CastAt, mine, await EmailConfirmedAsync(catalog, me, cancellationToken));
        }
    }

    /// <summary>Cast the one ballot: 1..K distinct accepted proposals of this contest, during the roadshow. Refusals save nothing.</summary>
    [RequiresSignedInUser]
    public sealed class Cast : ICommand<Guid>, IHasAuditTarget
    {
        public Guid ContestId { get; set; }
        public List<Guid> ProposalIds { get; set; } = [];
        // The choices are not logged: the audit log says that a resident voted, not for whom.
        string? IHasAuditTarget.AuditTarget => ContestId.ToString();
    }

    public static Task<bool> EmailConfirmedAsync(CatalogDbContext catalog, Guid userId, CancellationToken ct) =>
        catalog.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.EmailConfirmed).SingleOrDefaultAsync(ct);

    /// <summary>The confirmation e-mail again, for a signed-in account whose address is not confirmed yet.</summary>
    [RequiresSignedInUser]
    public sealed class ResendConfirmation : IPlatformCommand<bool>
    {
        public string? ReturnUrl { get; init; }
    }

    public sealed class ResendHandler(Microsoft.AspNetCore.Identity.UserManager<AppUser> users, ICurrentUser user, EmailConfirmation confirmation)
        : IRequestHandler<ResendConfirmation, bool>
    {
        public async Task<bool> Handle(ResendConfirmation request, CancellationToken cancellationToken)
        {
            var me = await users.FindByIdAsync((user.UserId ?? throw new ForbiddenException("Sign in first.")).ToString())
                     ?? throw new ForbiddenException("Sign in first.");
            if (me.EmailConfirmed) return false;
            await confirmation.SendAsync(me, request.ReturnUrl, cancellationToken);
            return true;
        }
    }

    public sealed class CastHandler(AppDbContext db, CatalogDbContext catalog, ICurrentUser user, ITenantContext tenant, TimeProvider clock,
        IStringLocalizer<VotingResource> t)
        : IRequestHandler<Cast, Guid>
    {
        public async Task<Guid> Handle(Cast request, CancellationToken cancellationToken)
        {
            var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
            var contest = await db.Set<Contest>().AsNoTracking().Where(c => c.Id == request.ContestId)
                              .Select(c => new { c.Id, c.Stage, c.ResidentVoteLimit }).SingleOrDefaultAsync(cancellationToken)
                          ?? throw new NotFoundException("No such contest in this tenant.");
            switch (WindowOf(contest.Stage))
            {
                case VoteWindow.NotYetOpen: throw Refusal.Because(t["Vote.NotYetOpen"]);
                case VoteWindow.Closed: throw Refusal.Because(t["Vote.Closed"]);
            }
            // One vote per verified resident account (DESIGN §4): the address must be confirmed first.
            if (!await EmailConfirmedAsync(catalog, me, cancellationToken)) throw Refusal.Because(t["Vote.ConfirmEmailFirst"]);
            if (await db.Set<ResidentBallot>().AnyAsync(b => b.ContestId == contest.Id && b.ResidentId == me, cancellationToken))
                throw Refusal.Because(t["Vote.AlreadyVoted"]);

            var chosen = request.ProposalIds ?? [];
            if (chosen.Count == 0) throw Refusal.Because(t["Vote.ChooseAtLeastOne"], nameof(Cast.ProposalIds));
            if (chosen.Distinct().Count() != chosen.Count) throw Refusal.Because(t["Vote.ChosenTwice"], nameof(Cast.ProposalIds));
            if (chosen.Count > contest.ResidentVoteLimit) throw Refusal.Because(t["Vote.TooMany", contest.ResidentVoteLimit], nameof(Cast.ProposalIds));
            var onBallot = await db.Set<Proposal>()
                .CountAsync(p => p.ContestId == contest.Id && p.Status == ProposalStatus.Accepted && chosen.Contains(p.Id), cancellationToken);
            if (onBallot != chosen.Count) throw Refusal.Because(t["Vote.NotOnBallot"], nameof(Cast.ProposalIds));

            // The ballot row goes in first, on its own: the unique (tenant, contest, resident) index makes a concurrent second
            // ballot of the same resident wait here, then fail with a duplicate key once the first commits.
            var ballotId = Guid.NewGuid();
            var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
            try
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO ResidentBallots (Id, TenantId, ContestId, ResidentId, CastAt) VALUES ({ballotId.ToString()}, {tenantId}, {contest.Id.ToString()}, {me.ToString()}, {clock.GetUtcNow().UtcDateTime})",
                    cancellationToken);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                throw Refusal.Because(t["Vote.AlreadyVoted"]);
            }
            foreach (var proposalId in chosen)
                db.Add(new ResidentVote { BallotId = ballotId, ContestId = contest.Id, ProposalId = proposalId });
            return ballotId;
        }
    }
}

/// <summary>The accepted proposals of a contest as residents see them: running order, with a one-line need from the latest version.</summary>
public static class BallotChoices
{
    public const int NeedLineMax = 60;

    public static async Task<IReadOnlyList<VoteModel.Choice>> LoadAsync(AppDbContext db, Guid contestId, CancellationToken ct)
    {
        var accepted = db.Set<Proposal>().AsNoTracking().Where(p => p.ContestId == contestId && p.Status == ProposalStatus.Accepted);
        var rows = await (from p in accepted
                          join o in db.Set<Organisation>() on p.OrganisationId equals o.Id
                          join v in db.Set<ProposalVersion>() on new { ProposalId = p.Id, p.LatestVersion } equals new { v.ProposalId, LatestVersion = v.Number } into versions
                          from v in versions.DefaultIfEmpty()
                          orderby p.RunningOrder == null, p.RunningOrder, p.Number
                          select new { p.Id, p.Number, p.Title, Organisation = o.Name, p.Category, Content = v == null ? p.DraftJson : v.ContentJson })
            .ToListAsync(ct);
        return rows.Select(r => new VoteModel.Choice(r.Id, r.Number, r.Title, r.Organisation, r.Category, NeedLine(ProposalContent.FromJson(r.Content).Need)))
            .ToList();
    }

    /// <summary>The first line of the need, cut to fit one line on a phone.</summary>
    public static string NeedLine(string need)
    {
        var line = need.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= NeedLineMax ? line : line[..NeedLineMax] + "…";
    }
}
