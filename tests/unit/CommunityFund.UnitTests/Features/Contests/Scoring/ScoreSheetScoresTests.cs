using CommunityFund.Web.Features.Contests.Scoring;
using static CommunityFund.UnitTests.Features.Contests.Scoring.ScoringKit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class ScoreSheetScoresTests
{
    private static Dictionary<string, decimal> Scores(decimal need, decimal feasibility, decimal budget, decimal innovation, decimal sustainability) => new()
    {
        ["need"] = need, ["feasibility"] = feasibility, ["budget"] = budget, ["innovation"] = innovation, ["sustainability"] = sustainability,
    };

    [Fact]
    public void Judge_total_is_the_sum_of_the_criterion_scores()
    {
        var sheet = new ScoreSheetScores(Id(1), Id(2), Scores(22.5m, 20m, 17m, 12.5m, 9.5m));
        Assert.Equal(81.5m, sheet.Total);
        Assert.Empty(sheet.Validate(DefaultRubric));
    }

    [Fact]
    public void A_score_above_the_maximum_below_zero_or_off_the_half_point_grid_each_has_a_distinct_problem()
    {
        var sheet = new ScoreSheetScores(Id(1), Id(2), Scores(25.5m, -1m, 17.3m, 15m, 0m));

        Assert.Equal(
            new[]
            {
                new ScoreProblem(ScoreProblemCode.NotHalfStep, "budget", 17.3m),
                new ScoreProblem(ScoreProblemCode.BelowZero, "feasibility", -1m),
                new ScoreProblem(ScoreProblemCode.AboveMaximum, "need", 25.5m),
            },
            sheet.Validate(DefaultRubric));
    }

    [Fact]
    public void A_submitted_sheet_must_score_every_criterion_but_a_draft_may_leave_some_blank()
    {
        var partial = new Dictionary<string, decimal> { ["need"] = 20m, ["budget"] = 10m };

        Assert.Empty(new ScoreSheetScores(Id(1), Id(2), partial, isSubmitted: false).Validate(DefaultRubric));
        var problems = new ScoreSheetScores(Id(1), Id(2), partial, isSubmitted: true).Validate(DefaultRubric);
        Assert.All(problems, p => Assert.Equal(ScoreProblemCode.MissingScore, p.Code));
        Assert.Equal(["feasibility", "innovation", "sustainability"], problems.Select(p => p.CriterionId));
    }

    [Fact]
    public void A_score_for_a_criterion_not_in_the_rubric_is_a_problem()
    {
        var scores = Scores(20m, 20m, 15m, 10m, 10m);
        scores["charisma"] = 5m;
        Assert.Equal([new ScoreProblem(ScoreProblemCode.UnknownCriterion, "charisma", 5m)], new ScoreSheetScores(Id(1), Id(2), scores).Validate(DefaultRubric));
    }

    [Fact]
    public void A_sheet_keeps_its_own_copy_of_the_scores()
    {
        var scores = Scores(20m, 20m, 15m, 10m, 10m);
        var sheet = new ScoreSheetScores(Id(1), Id(2), scores);
        scores["need"] = 0m;
        Assert.Equal(75m, sheet.Total);
    }
}
