namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>The explicit status commands a project accepts (DESIGN §5).</summary>
public enum ProjectAction { SignAgreement = 1, Start = 2, EnterFinalReport = 3, Close = 4, Suspend = 5, Resume = 6, Terminate = 7 }

/// <summary>
/// The project status machine: Approved → AgreementSigned → InProgress → FinalReport → Closed; Suspend from any active
/// state and Resume back to where it was; Terminate from anything not yet closed. Everything else is refused with
/// a message that says which status the step needs.
/// </summary>
public static class ProjectLifecycle
{
    /// <summary>Approved and not yet closed, suspended or terminated.</summary>
    public static readonly IReadOnlyList<ProjectStatus> Active =
        [ProjectStatus.Approved, ProjectStatus.AgreementSigned, ProjectStatus.InProgress, ProjectStatus.FinalReport];

    public static bool IsActive(ProjectStatus status) => Active.Contains(status);

    /// <summary>The resource key of the refusal, or null when <paramref name="action"/> is allowed from <paramref name="from"/>.</summary>
    public static string? Refusal(ProjectStatus from, ProjectAction action) => action switch
    {
        ProjectAction.SignAgreement => from == ProjectStatus.Approved ? null : "Transition.SignAgreementRefused",
        ProjectAction.Start => from == ProjectStatus.AgreementSigned ? null : "Transition.StartRefused",
        ProjectAction.EnterFinalReport => from == ProjectStatus.InProgress ? null : "Transition.EnterFinalReportRefused",
        ProjectAction.Close => from == ProjectStatus.FinalReport ? null : "Transition.CloseRefused",
        ProjectAction.Suspend => IsActive(from) ? null : "Transition.SuspendRefused",
        ProjectAction.Resume => from == ProjectStatus.Suspended ? null : "Transition.ResumeRefused",
        ProjectAction.Terminate => from is ProjectStatus.Closed or ProjectStatus.Terminated ? "Transition.TerminateRefused" : null,
        _ => "Transition.Unknown",
    };

    /// <summary>Where an allowed action leads; Resume goes back to the status the project was suspended from.</summary>
    public static ProjectStatus Target(ProjectStatus from, ProjectAction action, ProjectStatus? beforeSuspension) => action switch
    {
        ProjectAction.SignAgreement => ProjectStatus.AgreementSigned,
        ProjectAction.Start => ProjectStatus.InProgress,
        ProjectAction.EnterFinalReport => ProjectStatus.FinalReport,
        ProjectAction.Close => ProjectStatus.Closed,
        ProjectAction.Suspend => ProjectStatus.Suspended,
        ProjectAction.Resume => beforeSuspension is { } back && IsActive(back) ? back : ProjectStatus.Approved,
        ProjectAction.Terminate => ProjectStatus.Terminated,
        _ => from,
    };

    public static bool NeedsReason(ProjectAction action) => action is ProjectAction.Suspend or ProjectAction.Terminate;

    /// <summary>Irreversible steps the page asks to confirm.</summary>
    public static bool IsIrreversible(ProjectAction action) => action is ProjectAction.Close or ProjectAction.Terminate;

    public static IReadOnlyList<ProjectAction> Allowed(ProjectStatus from) =>
        Enum.GetValues<ProjectAction>().Where(a => Refusal(from, a) is null).ToList();

    /// <summary>Budget lines and the tranche plan can still change.</summary>
    public static bool IsEditable(ProjectStatus status) => status is not (ProjectStatus.Closed or ProjectStatus.Terminated);
}

/// <summary>How the approved amount is split into tranches: percent × approved, rounded to cents, the last one taking the remainder.</summary>
public static class TranchePlan
{
    public const int MaxTranches = 10;

    /// <summary>50% on signing, 30% after the mid-term report, 20% after the final report (DESIGN §5).</summary>
    public static readonly IReadOnlyList<(int Percent, TrancheCondition Condition)> Default =
        [(50, TrancheCondition.AgreementSigned), (30, TrancheCondition.MidtermAccepted), (20, TrancheCondition.FinalAccepted)];

    /// <summary>
    /// Amounts for <paramref name="percents"/> of <paramref name="approved"/>, after tranches already fixed at
    /// <paramref name="fixedAmount"/>: each rounded half away from zero to cents, the last taking what is left so the
    /// whole plan adds up to the approved amount exactly.
    /// </summary>
    public static IReadOnlyList<decimal> Amounts(decimal approved, IReadOnlyList<int> percents, decimal fixedAmount = 0)
    {
        var amounts = new List<decimal>(percents.Count);
        for (var i = 0; i < percents.Count; i++)
        {
            amounts.Add(i < percents.Count - 1
                ? decimal.Round(approved * percents[i] / 100m, 2, MidpointRounding.AwayFromZero)
                : approved - fixedAmount - amounts.Sum());
        }
        return amounts;
    }

    public static bool IsEditable(TrancheStatus status) => status is TrancheStatus.Planned or TrancheStatus.Rejected;

    /// <summary>A tranche that has gone to the committee and is not paid yet: a project cannot close over it.</summary>
    public static bool IsOutstanding(TrancheStatus status) => status is TrancheStatus.Requested or TrancheStatus.Approved;
}

/// <summary>Budget arithmetic: the lines never add up to more than the approved amount once the secretariat adjusts them.</summary>
public static class ProjectBudget
{
    public const int MaxLines = 50;

    public static bool IsOverApproved(decimal approvedAmount, IEnumerable<decimal> lines) => lines.Sum() > approvedAmount;
}
