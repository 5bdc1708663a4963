using CommunityFund.Web.Features.Contests.Scoring;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class RubricTests
{
    [Fact]
    public void The_design_example_rubric_is_valid_and_sums_to_100()
    {
        var rubric = Rubric.Default();
        Assert.Empty(rubric.Validate());
        Assert.Equal(100m, rubric.MaxPointsSum);
        Assert.Equal(["需求性", "可行性", "预算合理性", "创新性", "可持续性"], rubric.Criteria.Select(c => c.NameZh));
    }

    [Theory]
    [InlineData(25, 25, 20, 15, 14.5)]
    [InlineData(25, 25, 20, 15, 16)]
    public void Maximum_points_that_do_not_sum_to_exactly_100_are_a_problem(decimal a, decimal b, decimal c, decimal d, decimal e)
    {
        var rubric = new Rubric([new("a", "甲", "A", a), new("b", "乙", "B", b), new("c", "丙", "C", c), new("d", "丁", "D", d), new("e", "戊", "E", e)]);
        Assert.Equal([new RubricProblem(RubricProblemCode.MaxPointsNotHundred, null)], rubric.Validate());
    }

    [Fact]
    public void Every_kind_of_bad_criterion_has_its_own_problem()
    {
        var rubric = new Rubric(
        [
            new("need", "需求性", "Need", 50m),
            new("need", "可行性", "Feasibility", 10m),
            new(" ", "预算", "Budget", 10m),
            new("innovation", "", "Innovation", 10.25m),
            new("zero", "零", "Zero", 0m),
            new("rest", "其他", "Rest", 19.75m),
        ]);

        Assert.Equal(
            new[]
            {
                new RubricProblem(RubricProblemCode.DuplicateId, "need"),
                new RubricProblem(RubricProblemCode.EmptyId, " "),
                new RubricProblem(RubricProblemCode.MissingName, "innovation"),
                new RubricProblem(RubricProblemCode.MaxNotHalfStep, "innovation"),
                new RubricProblem(RubricProblemCode.MaxNotPositive, "zero"),
                new RubricProblem(RubricProblemCode.MaxNotHalfStep, "rest"),
            },
            rubric.Validate());
    }

    [Fact]
    public void A_rubric_without_criteria_is_a_problem()
    {
        Assert.Equal([new RubricProblem(RubricProblemCode.NoCriteria, null)], new Rubric([]).Validate());
    }

    [Theory]
    [InlineData("need", 0, null)]
    [InlineData("need", 25, null)]
    [InlineData("need", 12.5, null)]
    [InlineData("need", 25.5, ScoreProblemCode.AboveMaximum)]
    [InlineData("innovation", 15.5, ScoreProblemCode.AboveMaximum)]
    [InlineData("need", -0.5, ScoreProblemCode.BelowZero)]
    [InlineData("need", 12.25, ScoreProblemCode.NotHalfStep)]
    [InlineData("need", 0.1, ScoreProblemCode.NotHalfStep)]
    [InlineData("charisma", 5, ScoreProblemCode.UnknownCriterion)]
    public void A_score_is_within_0_and_the_maximum_in_half_points(string criterion, decimal score, ScoreProblemCode? expected) =>
        Assert.Equal(expected, Rubric.Default().CheckScore(criterion, score));
}
