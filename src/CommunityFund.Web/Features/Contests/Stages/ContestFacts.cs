namespace CommunityFund.Web.Features.Contests.Stages;

/// <summary>
/// What the stage guards need to know about a contest at the moment of a stage change. The caller gathers it (one query)
/// and <see cref="ContestStageTransitions.Check"/> decides; a missing date or count counts as "not satisfied".
/// Instants are absolute: the caller turns "collection closes on 30 June" into the end of that day in China time.
/// </summary>
public sealed record ContestFacts
{
    /// <summary>From the one clock (<see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Now { get; init; }

    // Setup
    /// <summary>Sum of the rubric criteria maxima; must be exactly 100.</summary>
    public decimal RubricTotal { get; init; }
    public int ExpertWeight { get; init; }
    public int ResidentWeight { get; init; }
    public decimal TotalBudget { get; init; }
    public decimal PerProjectCap { get; init; }
    public int CategoryCount { get; init; }

    // Dates
    public DateTimeOffset? CollectionClosesAt { get; init; }
    public DateTimeOffset? RefiningEndsAt { get; init; }
    /// <summary>Public-notice length in days (公示期), set up front; the notice end is fixed when results are published.</summary>
    public int NoticeDays { get; init; }
    public DateTimeOffset? NoticeEndsAt { get; init; }

    // Progress
    public int ProposalsSubmitted { get; init; }
    /// <summary>Submitted proposals not yet accepted or rejected, including those returned for fixes and not resubmitted.</summary>
    public int ProposalsAwaitingScreening { get; init; }
    public int ProposalsAccepted { get; init; }
    /// <summary>Accepted proposals without a roadshow slot.</summary>
    public int ProposalsWithoutSlot { get; init; }
    public int JudgeCount { get; init; }
    /// <summary>Sheets expected (judge × proposal, conflicts excluded) but not yet submitted.</summary>
    public int ScoreSheetsOutstanding { get; init; }
    public int ScoreSheetsSubmitted { get; init; }
    /// <summary>The committee has confirmed the award list (§5 approval, not by its preparer).</summary>
    public bool AwardsConfirmed { get; init; }
    public int OpenObjections { get; init; }
}
