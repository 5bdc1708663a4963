using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>What a submission does: the first one, a resubmission against the one-time fix list, or a revision in refinement.</summary>
public enum SubmitKind { First, Resubmission, Revision }

/// <summary>
/// When a proposal may be created, edited and submitted, given its status and its contest's stage. One place, so the
/// pages (which hide buttons) and the handlers (which refuse) never disagree.
/// </summary>
public static class ProposalLifecycle
{
    /// <summary>New proposals are taken only while the contest is collecting (征集).</summary>
    public static bool MayCreate(ContestStage stage) => stage == ContestStage.Collecting;

    /// <summary>
    /// A draft or a returned proposal is edited during collection and screening; an accepted proposal is revised during
    /// refinement (一对一优化). Submitted and rejected proposals, and everything from the roadshow on, stay as they are.
    /// </summary>
    public static bool MayEdit(ProposalStatus status, ContestStage stage) =>
        status is ProposalStatus.Draft or ProposalStatus.Returned
            ? stage is ContestStage.Collecting or ContestStage.Screening
            : status == ProposalStatus.Accepted && stage == ContestStage.Refining;

    public static SubmitKind? KindOf(ProposalStatus status) => status switch
    {
        ProposalStatus.Draft => SubmitKind.First,
        ProposalStatus.Returned => SubmitKind.Resubmission,
        ProposalStatus.Accepted => SubmitKind.Revision,
        _ => null,
    };

    /// <summary>
    /// Null when the proposal may be submitted now; otherwise the message key (ProposalResource) saying why not. The
    /// message takes the localised stage name as {0}.
    /// </summary>
    public static string? SubmitRefusal(ProposalStatus status, ContestStage stage) => status switch
    {
        ProposalStatus.Draft => stage == ContestStage.Collecting ? null : "Submit.OnlyWhileCollecting",
        ProposalStatus.Returned => stage is ContestStage.Collecting or ContestStage.Screening ? null : "Submit.ResubmitOnlyInScreening",
        ProposalStatus.Accepted => stage == ContestStage.Refining ? null : "Submit.RevisionOnlyWhileRefining",
        ProposalStatus.Submitted => "Submit.AlreadySubmitted",
        _ => "Submit.Rejected",
    };

    /// <summary>The status after a submission: an accepted proposal stays accepted when revised.</summary>
    public static ProposalStatus StatusAfterSubmit(ProposalStatus status) =>
        status == ProposalStatus.Accepted ? ProposalStatus.Accepted : ProposalStatus.Submitted;
}
