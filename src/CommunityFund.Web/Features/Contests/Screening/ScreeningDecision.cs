using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Screening;

/// <summary>The one-time list as typed: one fix per line, surrounding spaces and blank lines dropped.</summary>
public static class FixLines
{
    public static List<string> Parse(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}

/// <summary>What every screening decision shares: when it is allowed, who took it when, and how a race is refused.</summary>
public static class ScreeningDecision
{
    /// <summary>
    /// Loads the proposal for a decision. Decisions are taken only in the contest's screening stage and only on a
    /// submitted proposal; a return is refused outright once the proposal has had its one-time list.
    /// </summary>
    public static async Task<Proposal> OpenAsync(AppDbContext db, Guid proposalId, IStringLocalizer<ScreeningResource> t, IStringLocalizer<ContestResource> c,
        CancellationToken ct, bool returning = false)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == proposalId, ct)
                ?? throw new NotFoundException("No such proposal in this tenant.");
        if (returning && await db.Set<ProposalFixList>().AnyAsync(f => f.ProposalId == p.Id, ct))
            throw Refusal.Because(t["Screening.AlreadyReturned"]);
        var stage = await db.Set<Contest>().Where(x => x.Id == p.ContestId).Select(x => x.Stage).SingleAsync(ct);
        if (stage != ContestStage.Screening) throw Refusal.Because(t["Screening.NotInScreening", c["ContestStage." + stage]]);
        if (p.Status != ProposalStatus.Submitted) throw Refusal.Because(t["Screening.NotSubmitted." + p.Status]);
        return p;
    }

    /// <summary>Records the decision on the proposal; returns the deciding user.</summary>
    public static Guid Decide(Proposal p, ProposalStatus status, ICurrentUser user, TimeProvider clock)
    {
        var me = user.UserId ?? throw new ForbiddenException("Sign in first.");
        p.Status = status;
        p.ScreenedBy = me;
        p.ScreenedAt = clock.GetUtcNow();
        p.Version++;
        return me;
    }

    /// <summary>
    /// The decision ends the screening step under its time limit and tells the organisation: accepted, not accepted
    /// (with the reason) or returned (with the one-time list).
    /// </summary>
    public static async Task HandOffAsync(Handoffs handoffs, Proposal p, CancellationToken ct, IEnumerable<string>? fixes = null)
    {
        await handoffs.CloseStepAsync(TimedStep.Screening, p.Id, ct);
        var (what, detail) = p.Status switch
        {
            ProposalStatus.Returned => ("ProposalReturned", Handoffs.List(fixes ?? [])),
            ProposalStatus.Rejected => ("ProposalRejected", p.RejectionReason ?? ""),
            _ => ("ProposalAccepted", ""),
        };
        await handoffs.TellOrganisationAsync(p.OrganisationId, what, "/proposals/" + p.Id, ct, p.Number, p.Title, detail);
    }

    /// <summary>
    /// Writes the decision now, inside the command's transaction: UPDATE … WHERE Version = (what we read). A second
    /// decision racing this one waits on the row, then matches nothing (or hits the unique fix-list index) and is refused.
    /// </summary>
    public static async Task ClaimAsync(UnitOfWork unitOfWork, string raceMessage, CancellationToken ct)
    {
        unitOfWork.OnConflict(raceMessage);
        await unitOfWork.FlushAsync(ct);
    }
}
