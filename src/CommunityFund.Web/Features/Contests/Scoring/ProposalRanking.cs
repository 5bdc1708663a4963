namespace CommunityFund.Web.Features.Contests.Scoring;

/// <summary>
/// Deterministic ranking: final score desc, expert score desc (none ranks last), earlier first submission,
/// then proposal id, so any input order yields the same list. It compares the published (2-decimal) scores, so
/// two proposals that show the same final score are separated by the next rule, as a reader checking by hand expects.
/// </summary>
public static class ProposalRanking
{
    public static IComparer<ProposalResult> Comparer { get; } = Comparer<ProposalResult>.Create(Compare);

    /// <summary>The results ordered by <see cref="Comparer"/>, with <see cref="ProposalResult.Rank"/> set to 1, 2, 3, …</summary>
    public static IReadOnlyList<ProposalResult> Rank(IEnumerable<ProposalResult> results) =>
        results.Order(Comparer).Select((r, i) => r with { Rank = i + 1 }).ToList();

    private static int Compare(ProposalResult? a, ProposalResult? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return 1;
        if (b is null) return -1;
        var c = b.FinalScore.CompareTo(a.FinalScore);
        if (c != 0) return c;
        c = (b.ExpertScore ?? decimal.MinValue).CompareTo(a.ExpertScore ?? decimal.MinValue);
        if (c != 0) return c;
        c = a.FirstSubmittedAt.CompareTo(b.FirstSubmittedAt);
        return c != 0 ? c : a.ProposalId.CompareTo(b.ProposalId);
    }
}
