namespace CommunityFund.Web.Features.Contests.Stages;

/// <summary>The stages of a proposal contest, in order. The numeric values are the order; do not renumber.</summary>
public enum ContestStage
{
    Draft = 0,
    /// <summary>征集: organisations draft and submit proposals.</summary>
    Collecting = 1,
    /// <summary>初审: accept, reject, return with a one-time list, accept with missing documents.</summary>
    Screening = 2,
    /// <summary>一对一优化: mentors comment, organisations revise.</summary>
    Refining = 3,
    /// <summary>路演: judges score, residents vote.</summary>
    Roadshow = 4,
    ScoringClosed = 5,
    /// <summary>公示: confirmed results are public; objections may be filed.</summary>
    PublicNotice = 6,
    Final = 7,
}

/// <summary>Why a stage change is refused; one value per message. <see cref="None"/> means allowed.</summary>
public enum StageRefusal
{
    None,

    // The move itself
    AlreadyFinal,
    AlreadyInStage,
    NotForward,
    CannotSkipStage,

    // Draft → Collecting (and reopening collection)
    RubricIncomplete,
    WeightsIncomplete,
    BudgetIncomplete,
    NoCategories,
    CollectionWindowNotSet,
    CollectionWindowAlreadyOver,

    // Collecting → Screening
    CollectionWindowNotOver,
    NoProposalsSubmitted,

    // Screening → Refining
    ScreeningUnfinished,
    NoProposalsAccepted,

    // Refining → Roadshow
    RefiningPeriodNotOver,
    NoJudges,
    RunningOrderIncomplete,

    // Roadshow → ScoringClosed
    ScoreSheetsOutstanding,
    NoScoreSheets,

    // ScoringClosed → PublicNotice
    AwardsNotConfirmed,
    NoticePeriodNotSet,

    // PublicNotice → Final
    NoticePeriodNotOver,
    OpenObjections,
}

/// <summary>The answer to "may this contest move from one stage to another now?".</summary>
public readonly record struct StageCheck(StageRefusal Reason)
{
    public static StageCheck Allowed => default;

    public bool IsAllowed => Reason == StageRefusal.None;

    /// <summary>Localisation key of the refusal, e.g. "Stage.NoJudges"; null when allowed.</summary>
    public string? Key => IsAllowed ? null : ContestStageTransitions.KeyOf(Reason);
}

/// <summary>
/// The contest stage machine as one explicit table. Moves go forward one stage at a time, each with its guards; the
/// only backward move is <b>reopening collection from screening</b> (Screening → Collecting): community contests often
/// get too few proposals by the deadline, and the secretariat extends it rather than start a new round. Proposals
/// already screened keep their decisions; the guard asks for a new closing date in the future, so reopening is always
/// an extension that residents and organisations can see. Nothing else moves backward: once refinement starts,
/// organisations have been told who is in, and after the roadshow scores exist.
/// </summary>
public static class ContestStageTransitions
{
    private sealed record Guard(StageRefusal Reason, Func<ContestFacts, bool> IsMet);

    private sealed record Transition(ContestStage From, ContestStage To, Guard[] Guards);

    private static readonly Guard RubricSumsTo100 = new(StageRefusal.RubricIncomplete, f => f.RubricTotal == 100m);
    private static readonly Guard WeightsSumTo100 = new(StageRefusal.WeightsIncomplete,
        f => f.ExpertWeight is >= 0 and <= 100 && f.ResidentWeight is >= 0 and <= 100 && f.ExpertWeight + f.ResidentWeight == 100);
    private static readonly Guard BudgetSet = new(StageRefusal.BudgetIncomplete,
        f => f.TotalBudget > 0 && f.PerProjectCap > 0 && f.PerProjectCap <= f.TotalBudget);
    private static readonly Guard HasCategories = new(StageRefusal.NoCategories, f => f.CategoryCount > 0);
    private static readonly Guard CollectionCloseSet = new(StageRefusal.CollectionWindowNotSet, f => f.CollectionClosesAt is not null);
    private static readonly Guard CollectionCloseAhead = new(StageRefusal.CollectionWindowAlreadyOver,
        f => f.CollectionClosesAt is null || f.CollectionClosesAt > f.Now);
    // Organisations were promised the whole window; to close early is unfair, to extend is a reopening.
    private static readonly Guard CollectionClosed = new(StageRefusal.CollectionWindowNotOver,
        f => f.CollectionClosesAt is { } closes && f.Now >= closes);
    private static readonly Guard HasSubmissions = new(StageRefusal.NoProposalsSubmitted, f => f.ProposalsSubmitted > 0);
    private static readonly Guard AllScreened = new(StageRefusal.ScreeningUnfinished, f => f.ProposalsAwaitingScreening == 0);
    private static readonly Guard HasAccepted = new(StageRefusal.NoProposalsAccepted, f => f.ProposalsAccepted > 0);
    private static readonly Guard RefiningOver = new(StageRefusal.RefiningPeriodNotOver,
        f => f.RefiningEndsAt is { } ends && f.Now >= ends);
    private static readonly Guard HasJudges = new(StageRefusal.NoJudges, f => f.JudgeCount > 0);
    private static readonly Guard AllSlotted = new(StageRefusal.RunningOrderIncomplete, f => f.ProposalsWithoutSlot == 0);
    private static readonly Guard AllSheetsIn = new(StageRefusal.ScoreSheetsOutstanding, f => f.ScoreSheetsOutstanding == 0);
    private static readonly Guard HasSheets = new(StageRefusal.NoScoreSheets, f => f.ScoreSheetsSubmitted > 0);
    private static readonly Guard AwardsAreConfirmed = new(StageRefusal.AwardsNotConfirmed, f => f.AwardsConfirmed);
    private static readonly Guard NoticeDaysSet = new(StageRefusal.NoticePeriodNotSet, f => f.NoticeDays > 0);
    private static readonly Guard NoticeOver = new(StageRefusal.NoticePeriodNotOver, f => f.NoticeEndsAt is { } ends && f.Now >= ends);
    private static readonly Guard NoOpenObjections = new(StageRefusal.OpenObjections, f => f.OpenObjections == 0);

    // Guards are listed in the order their refusals are reported.
    private static readonly Transition[] Table =
    [
        new(ContestStage.Draft, ContestStage.Collecting,
            [RubricSumsTo100, WeightsSumTo100, BudgetSet, HasCategories, CollectionCloseSet, CollectionCloseAhead]),
        new(ContestStage.Collecting, ContestStage.Screening, [CollectionClosed, HasSubmissions]),
        new(ContestStage.Screening, ContestStage.Collecting, [CollectionCloseSet, CollectionCloseAhead]),
        new(ContestStage.Screening, ContestStage.Refining, [AllScreened, HasAccepted]),
        // The rubric may still be edited until scoring starts, so it is checked again here.
        new(ContestStage.Refining, ContestStage.Roadshow, [RefiningOver, RubricSumsTo100, HasJudges, AllSlotted]),
        new(ContestStage.Roadshow, ContestStage.ScoringClosed, [AllSheetsIn, HasSheets]),
        new(ContestStage.ScoringClosed, ContestStage.PublicNotice, [AwardsAreConfirmed, NoticeDaysSet]),
        new(ContestStage.PublicNotice, ContestStage.Final, [NoticeOver, NoOpenObjections]),
    ];

    /// <summary>Every move the table knows, for pages that offer the next step.</summary>
    public static IReadOnlyList<(ContestStage From, ContestStage To)> Moves { get; } = [.. Table.Select(t => (t.From, t.To))];

    /// <summary>The stages a contest in <paramref name="from"/> may move to when their guards hold.</summary>
    public static IReadOnlyList<ContestStage> TargetsFrom(ContestStage from) => [.. Table.Where(t => t.From == from).Select(t => t.To)];

    /// <summary>Allowed, or the first reason the move is refused.</summary>
    public static StageCheck Check(ContestStage from, ContestStage to, ContestFacts facts)
    {
        var refusals = Refusals(from, to, facts);
        return refusals.Count == 0 ? StageCheck.Allowed : new StageCheck(refusals[0]);
    }

    /// <summary>
    /// Every reason the move is refused, in report order (empty when allowed), so a page can list all that is missing at
    /// once. A move the table does not know has exactly one reason.
    /// </summary>
    public static IReadOnlyList<StageRefusal> Refusals(ContestStage from, ContestStage to, ContestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!Enum.IsDefined(from)) throw new ArgumentOutOfRangeException(nameof(from), from, null);
        if (!Enum.IsDefined(to)) throw new ArgumentOutOfRangeException(nameof(to), to, null);

        if (from == ContestStage.Final) return [StageRefusal.AlreadyFinal];
        if (from == to) return [StageRefusal.AlreadyInStage];

        var transition = Array.Find(Table, t => t.From == from && t.To == to);
        if (transition is null) return [to < from ? StageRefusal.NotForward : StageRefusal.CannotSkipStage];

        return [.. transition.Guards.Where(g => !g.IsMet(facts)).Select(g => g.Reason)];
    }

    /// <summary>Stable localisation key suffix for a refusal, e.g. "Stage.NoJudges".</summary>
    public static string KeyOf(StageRefusal reason) => reason switch
    {
        StageRefusal.None => "Stage.None",
        StageRefusal.AlreadyFinal => "Stage.AlreadyFinal",
        StageRefusal.AlreadyInStage => "Stage.AlreadyInStage",
        StageRefusal.NotForward => "Stage.NotForward",
        StageRefusal.CannotSkipStage => "Stage.CannotSkipStage",
        StageRefusal.RubricIncomplete => "Stage.RubricIncomplete",
        StageRefusal.WeightsIncomplete => "Stage.WeightsIncomplete",
        StageRefusal.BudgetIncomplete => "Stage.BudgetIncomplete",
        StageRefusal.NoCategories => "Stage.NoCategories",
        StageRefusal.CollectionWindowNotSet => "Stage.CollectionWindowNotSet",
        StageRefusal.CollectionWindowAlreadyOver => "Stage.CollectionWindowAlreadyOver",
        StageRefusal.CollectionWindowNotOver => "Stage.CollectionWindowNotOver",
        StageRefusal.NoProposalsSubmitted => "Stage.NoProposalsSubmitted",
        StageRefusal.ScreeningUnfinished => "Stage.ScreeningUnfinished",
        StageRefusal.NoProposalsAccepted => "Stage.NoProposalsAccepted",
        StageRefusal.RefiningPeriodNotOver => "Stage.RefiningPeriodNotOver",
        StageRefusal.NoJudges => "Stage.NoJudges",
        StageRefusal.RunningOrderIncomplete => "Stage.RunningOrderIncomplete",
        StageRefusal.ScoreSheetsOutstanding => "Stage.ScoreSheetsOutstanding",
        StageRefusal.NoScoreSheets => "Stage.NoScoreSheets",
        StageRefusal.AwardsNotConfirmed => "Stage.AwardsNotConfirmed",
        StageRefusal.NoticePeriodNotSet => "Stage.NoticePeriodNotSet",
        StageRefusal.NoticePeriodNotOver => "Stage.NoticePeriodNotOver",
        StageRefusal.OpenObjections => "Stage.OpenObjections",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
