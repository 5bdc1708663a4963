using System.Globalization;
using System.Text.RegularExpressions;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Scoring;

namespace CommunityFund.Web.Features.Contests.Sheets;

/// <summary>Where one judge stands on one proposal, as lists show it. A recorded conflict wins over any sheet.</summary>
public enum SheetState { NotStarted, Draft, Submitted, Conflicted }

/// <summary>One criterion's score as typed (text, so "abc" or "18,5" is answered with a message, not a binder error).</summary>
public sealed class ScoreEntry
{
    public string CriterionId { get; set; } = "";
    public string Value { get; set; } = "";
}

public enum SheetProblemCode { NotANumber, BelowZero, AboveMaximum, NotHalfStep, MissingScore, UnknownCriterion }

/// <summary>A refused score. <see cref="Index"/> is the entry's position in the form (null when the criterion has no entry).</summary>
public sealed record SheetProblem(SheetProblemCode Code, string CriterionId, int? Index)
{
    public string MessageKey => "Sheet.Score." + Code;
}

/// <summary>Reading a judge's typed scores against the contest rubric; the range and half-step rules are the rubric's own.</summary>
public static partial class SheetRules
{
    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();

    public static SheetState StateOf(bool conflicted, SheetStatus? status) => conflicted
        ? SheetState.Conflicted
        : status switch
        {
            null => SheetState.NotStarted,
            SheetStatus.Submitted => SheetState.Submitted,
            _ => SheetState.Draft,
        };

    /// <summary>
    /// The filled-in scores and every problem with them. Blank entries are left out (a draft may be partial); when
    /// <paramref name="submit"/> is set every criterion must be scored. Strict: half-width digits and one decimal point only.
    /// </summary>
    public static (Dictionary<string, decimal> Scores, IReadOnlyList<SheetProblem> Problems) Read(Rubric rubric, IReadOnlyList<ScoreEntry> entries, bool submit)
    {
        var problems = new List<SheetProblem>();
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var id = entries[i].CriterionId ?? "";
            if (rubric.Find(id) is null || !indexOf.TryAdd(id, i))
            {
                problems.Add(new(SheetProblemCode.UnknownCriterion, id, null));
                continue;
            }
            var text = (entries[i].Value ?? "").Trim();
            if (text.Length == 0) continue;
            if (!Number().IsMatch(text)) { problems.Add(new(SheetProblemCode.NotANumber, id, i)); continue; }
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score))
            {
                // Digits beyond decimal's range: still a number, just far outside 0..max.
                problems.Add(new(text.StartsWith('-') ? SheetProblemCode.BelowZero : SheetProblemCode.AboveMaximum, id, i));
                continue;
            }
            scores[id] = score;
        }
        foreach (var p in new ScoreSheetScores(Guid.Empty, Guid.Empty, scores, isSubmitted: submit).Validate(rubric))
        {
            var code = p.Code switch
            {
                ScoreProblemCode.BelowZero => SheetProblemCode.BelowZero,
                ScoreProblemCode.AboveMaximum => SheetProblemCode.AboveMaximum,
                ScoreProblemCode.NotHalfStep => SheetProblemCode.NotHalfStep,
                ScoreProblemCode.MissingScore => SheetProblemCode.MissingScore,
                _ => SheetProblemCode.UnknownCriterion,
            };
            // A criterion typed wrongly is already reported; do not also call it missing.
            if (code == SheetProblemCode.MissingScore && problems.Any(x => x.CriterionId == p.CriterionId)) continue;
            problems.Add(new(code, p.CriterionId, indexOf.TryGetValue(p.CriterionId, out var at) ? at : null));
        }
        return (scores, problems.OrderBy(p => p.Index ?? int.MaxValue).ToList());
    }

    /// <summary>The criterion's name in the UI language; Chinese unless the UI is English (the neutral resources are Chinese too).</summary>
    public static string NameOf(RubricCriterion c) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? c.NameEn : c.NameZh;

    /// <summary>Scores as judges write them: 18, 18.5.</summary>
    public static string Points(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A deviation with its sign always shown: +3.50, -2.00, 0.00.</summary>
    public static string WithSign(decimal value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    public static decimal TotalOf(string scoresJson)
    {
        var sheet = new ScoreSheet { ScoresJson = scoresJson };
        return sheet.GetScores().Values.Sum();
    }
}
