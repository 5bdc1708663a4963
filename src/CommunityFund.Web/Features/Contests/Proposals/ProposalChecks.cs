using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Contests.Proposals;

public enum ProposalProblem { Missing, CountNotPositive, NoLines, TooManyLines, RequestedNotPositive, OverCap, EndBeforeStart, CategoryNotInContest }

/// <summary>One thing wrong with a proposal's content: which field (the form's property name) and the message arguments.</summary>
public sealed record ProposalIssue(ProposalProblem Problem, string Property, IReadOnlyList<object>? Args = null);

/// <summary>
/// Rules on a proposal's content against its contest. A draft may be incomplete but never contradicts the contest
/// (over the cap, a theme the contest does not fund, too many lines, ending before it starts); a submission must also be
/// complete. Pure: the same content and contest give the same answer in the page, the handler and the tests.
/// </summary>
public static class ProposalChecks
{
    public static IReadOnlyList<ProposalIssue> ForDraft(ProposalContent c, decimal cap, IReadOnlyCollection<string> categories)
    {
        var issues = new List<ProposalIssue>();
        if (c.Category.Length > 0 && !categories.Contains(c.Category, StringComparer.Ordinal))
            issues.Add(new(ProposalProblem.CategoryNotInContest, nameof(ProposalFields.Category), [c.Category]));
        if (c.StartDate is { } start && c.EndDate is { } end && end < start)
            issues.Add(new(ProposalProblem.EndBeforeStart, nameof(ProposalFields.EndDate)));
        if (c.Lines.Count > ProposalFields.MaxLines)
            issues.Add(new(ProposalProblem.TooManyLines, nameof(ProposalFields.Lines), [ProposalFields.MaxLines]));
        if (c.RequestedAmount > cap)
            issues.Add(new(ProposalProblem.OverCap, nameof(ProposalFields.Lines), [Formats.Money(c.RequestedAmount), Formats.Money(cap)]));
        return issues;
    }

    public static IReadOnlyList<ProposalIssue> ForSubmission(ProposalContent c, decimal cap, IReadOnlyCollection<string> categories)
    {
        var issues = new List<ProposalIssue>();
        Require(c.Title, nameof(ProposalFields.Title));
        Require(c.Category, nameof(ProposalFields.Category));
        Require(c.Need, nameof(ProposalFields.Need));
        Require(c.Goals, nameof(ProposalFields.Goals));
        Require(c.BeneficiariesWho, nameof(ProposalFields.BeneficiariesWho));
        if (c.BeneficiariesCount <= 0) issues.Add(new(ProposalProblem.CountNotPositive, nameof(ProposalFields.BeneficiariesCount)));
        Require(c.ActivityPlan, nameof(ProposalFields.ActivityPlan));
        if (c.StartDate is null) issues.Add(new(ProposalProblem.Missing, nameof(ProposalFields.StartDate)));
        if (c.EndDate is null) issues.Add(new(ProposalProblem.Missing, nameof(ProposalFields.EndDate)));
        if (c.Lines.Count == 0) issues.Add(new(ProposalProblem.NoLines, nameof(ProposalFields.Lines)));
        else if (c.RequestedAmount <= 0) issues.Add(new(ProposalProblem.RequestedNotPositive, nameof(ProposalFields.Lines)));
        issues.AddRange(ForDraft(c, cap, categories));
        return issues;

        void Require(string value, string property)
        {
            if (string.IsNullOrWhiteSpace(value)) issues.Add(new(ProposalProblem.Missing, property));
        }
    }

    /// <summary>The issue in the reader's language.</summary>
    public static string Message(ProposalIssue issue, IStringLocalizer<ProposalResource> t) =>
        issue.Problem == ProposalProblem.Missing
            ? t["Check.Missing", t["Field." + issue.Property]]
            : t["Check." + issue.Problem, [.. issue.Args ?? []]];
}
