namespace CommunityFund.Web.Kernel.Oversight;

/// <summary>The kinds of step an auditor looks at first: each is allowed, but departs from the usual path.</summary>
public enum ExceptionKind
{
    /// <summary>The secretariat let a claim line through although its invoice number was already claimed.</summary>
    DuplicateInvoiceOverride = 1,
    /// <summary>A submitted score sheet was unlocked for a judge to change.</summary>
    SheetUnlock = 2,
    /// <summary>An unspent advance was written off instead of returned.</summary>
    AdvanceWriteOff = 3,
    /// <summary>The committee chair decided an approval (a large amount or a tie).</summary>
    ChairDecision = 4,
    /// <summary>A journal entry was reversed.</summary>
    Reversal = 5,
}

/// <summary>One exceptional step: when, by whom, what (in the tenant's words), and the page that shows it.</summary>
public sealed record ExceptionRow(ExceptionKind Kind, DateTimeOffset At, Guid? ActorId, string Summary, SourceDocumentPage? Page);

/// <summary>
/// Where the exceptions report (例外事项) reads each area's exceptional steps from. Each area implements it for the steps
/// it owns and registers it in its AddX(); the audit pages list them together without importing any area.
/// </summary>
public interface IExceptionSource
{
    /// <summary>The area's exceptional steps at or after <paramref name="since"/> and before <paramref name="until"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ExceptionRow>> ListAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct);
}
