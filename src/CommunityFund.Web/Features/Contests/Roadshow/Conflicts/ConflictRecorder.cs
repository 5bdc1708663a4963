using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Contests.Roadshow.Conflicts;

/// <summary>
/// The one path that records a conflict of interest (利益冲突回避), whether the judge declares it or the secretariat
/// records it: only for a judge on the contest's panel and an accepted proposal of the contest, from screening through
/// the roadshow, once per judge and proposal. Declarations are never withdrawn.
/// </summary>
public static class ConflictRecorder
{
    public static async Task<Guid> RecordAsync(
        AppDbContext db, IStringLocalizer<RoadshowResource> t, IStringLocalizer<ContestResource> c,
        Guid contestId, Guid judgeId, Guid proposalId, string reason, ConflictSource source, Guid by, DateTimeOffset at, CancellationToken ct)
    {
        var contest = await RoadshowWindows.ContestAsync(db, contestId, ct);
        if (!RoadshowWindows.ConflictsOpen(contest.Stage))
            throw Refusal.Because(t["Conflicts.Closed", c["ContestStage." + contest.Stage]]);
        var onPanel = await db.Set<ContestJudge>().AnyAsync(j => j.ContestId == contestId && j.JudgeId == judgeId, ct);
        if (!onPanel)
            throw source == ConflictSource.DeclaredByJudge
                ? Refusal.Because(t["Conflicts.NotOnPanel"])
                : Refusal.Because(t["Conflicts.JudgeNotOnPanel"], "JudgeId");
        var accepted = await db.Set<Proposal>()
            .AnyAsync(p => p.Id == proposalId && p.ContestId == contestId && p.Status == ProposalStatus.Accepted, ct);
        if (!accepted) throw Refusal.Because(t["Conflicts.ProposalNotAccepted"], nameof(IConflictInput.ProposalId));
        var earlier = await db.Set<ConflictDeclaration>().AsNoTracking()
            .Where(x => x.ContestId == contestId && x.JudgeId == judgeId && x.ProposalId == proposalId)
            .OrderBy(x => x.RecordedAt).FirstOrDefaultAsync(ct);
        if (earlier is not null)
            throw Refusal.Because(t["Conflicts.Duplicate", t["Source." + earlier.Source], Formats.DateTime(earlier.RecordedAt)]);

        var declaration = new ConflictDeclaration
        {
            ContestId = contestId, ProposalId = proposalId, JudgeId = judgeId, Source = source, Reason = reason.Trim(),
            RecordedBy = by, RecordedAt = at,
        };
        db.Add(declaration);
        return declaration.Id;
    }
}

/// <summary>What both conflict forms carry, so their validators share one set of rules.</summary>
public interface IConflictInput
{
    Guid? ProposalId { get; }
    string Reason { get; }
}

public static class ConflictRules
{
    public static void AddReasonAndProposalRules<T>(this AbstractValidator<T> v, IStringLocalizer<RoadshowResource> t) where T : IConflictInput
    {
        v.RuleFor(x => x.ProposalId).Must(id => id is { } g && g != Guid.Empty).WithMessage(_ => t["Conflicts.ChooseProposal"]);
        v.RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(_ => t["Conflicts.ReasonRequired"])
            .Must(r => (r ?? "").Trim().Length <= ConflictDeclaration.ReasonMax).WithMessage(_ => t["Conflicts.ReasonTooLong", ConflictDeclaration.ReasonMax]);
    }
}
