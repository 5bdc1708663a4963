using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.UnitTests.Features.Contests.Proposals;

/// <summary>The pure rules behind the proposal pages: number parsing, content checks and the status/stage table.</summary>
public class ProposalRulesTests
{
    [Theory]
    [InlineData("12", WholeNumberInput.Problem.None, 12)]
    [InlineData(" 7 ", WholeNumberInput.Problem.None, 7)]
    [InlineData("", WholeNumberInput.Problem.Empty, 0)]
    [InlineData("-2", WholeNumberInput.Problem.Negative, 0)]
    [InlineData("-1.5", WholeNumberInput.Problem.Negative, 0)]
    [InlineData("0", WholeNumberInput.Problem.Zero, 0)]
    [InlineData("-0", WholeNumberInput.Problem.Zero, 0)]
    [InlineData("0.0", WholeNumberInput.Problem.Zero, 0)]
    [InlineData("1.5", WholeNumberInput.Problem.Fraction, 0)]
    [InlineData("2.", WholeNumberInput.Problem.Fraction, 0)]
    [InlineData("abc", WholeNumberInput.Problem.NotANumber, 0)]
    [InlineData("1e3", WholeNumberInput.Problem.NotANumber, 0)]
    [InlineData("1,000", WholeNumberInput.Problem.NotANumber, 0)]
    [InlineData("１０", WholeNumberInput.Problem.FullWidth, 0)]
    [InlineData("1000001", WholeNumberInput.Problem.TooLarge, 0)]
    [InlineData("99999999999999999999", WholeNumberInput.Problem.TooLarge, 0)]
    public void Whole_numbers_are_parsed_strictly_with_one_problem_per_mistake(string text, WholeNumberInput.Problem expected, int value)
    {
        Assert.Equal(expected, WholeNumberInput.Parse(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("", CoFundingInput.Problem.None, "0")]
    [InlineData("0", CoFundingInput.Problem.None, "0")]
    [InlineData("0.00", CoFundingInput.Problem.None, "0")]
    [InlineData("1200.5", CoFundingInput.Problem.None, "1200.5")]
    [InlineData("-5", CoFundingInput.Problem.Negative, "0")]
    [InlineData("1.234", CoFundingInput.Problem.Money, "0")]
    [InlineData("abc", CoFundingInput.Problem.Money, "0")]
    public void Co_funding_may_be_empty_or_zero_but_not_negative(string text, CoFundingInput.Problem expected, string amount)
    {
        Assert.Equal(expected, CoFundingInput.Parse(text, out var parsed, out _));
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), parsed);
    }

    private static readonly string[] Themes = ["助学助困", "养老服务"];

    [Fact]
    public void A_complete_proposal_within_the_cap_passes_submission_checks()
    {
        Assert.Empty(ProposalChecks.ForSubmission(ContestWorld.SampleContent(), 30_000m, Themes));
    }

    [Fact]
    public void An_empty_draft_is_fine_as_a_draft_but_names_everything_missing_on_submission()
    {
        var empty = new ProposalContent { Title = "社区花园" };
        Assert.Empty(ProposalChecks.ForDraft(empty, 30_000m, Themes));
        var issues = ProposalChecks.ForSubmission(empty, 30_000m, Themes);
        Assert.Equal(
            ["Category", "Need", "Goals", "BeneficiariesWho", "BeneficiariesCount", "ActivityPlan", "StartDate", "EndDate", "Lines"],
            issues.Select(i => i.Property));
        Assert.Contains(issues, i => i.Problem == ProposalProblem.NoLines);
        Assert.Contains(issues, i => i.Problem == ProposalProblem.CountNotPositive);
    }

    [Fact]
    public void Over_the_cap_a_foreign_theme_and_ending_before_starting_are_refused_even_in_a_draft()
    {
        var content = ContestWorld.SampleContent(unitPrice: 600m, quantity: 50) with
        {
            Category = "社区治理",
            StartDate = new DateOnly(2026, 5, 1),
            EndDate = new DateOnly(2026, 4, 30),
        };
        var issues = ProposalChecks.ForDraft(content, 30_000m, Themes);
        Assert.Equal([ProposalProblem.CategoryNotInContest, ProposalProblem.EndBeforeStart, ProposalProblem.OverCap], issues.Select(i => i.Problem));
        Assert.Equal(["¥32,000.00", "¥30,000.00"], issues.Single(i => i.Problem == ProposalProblem.OverCap).Args!.Cast<string>());
        Assert.Empty(ProposalChecks.ForDraft(content with { Category = "助学助困", EndDate = content.StartDate, Lines = content.Lines.Take(1).ToList() }, 30_000m, Themes));
    }

    [Theory]
    [InlineData(ProposalStatus.Draft, ContestStage.Collecting, true)]
    [InlineData(ProposalStatus.Draft, ContestStage.Screening, true)]
    [InlineData(ProposalStatus.Draft, ContestStage.Refining, false)]
    [InlineData(ProposalStatus.Returned, ContestStage.Screening, true)]
    [InlineData(ProposalStatus.Returned, ContestStage.Roadshow, false)]
    [InlineData(ProposalStatus.Submitted, ContestStage.Collecting, false)]
    [InlineData(ProposalStatus.Accepted, ContestStage.Screening, false)]
    [InlineData(ProposalStatus.Accepted, ContestStage.Refining, true)]
    [InlineData(ProposalStatus.Accepted, ContestStage.Roadshow, false)]
    [InlineData(ProposalStatus.Rejected, ContestStage.Screening, false)]
    public void Editing_follows_status_and_stage(ProposalStatus status, ContestStage stage, bool editable) =>
        Assert.Equal(editable, ProposalLifecycle.MayEdit(status, stage));

    [Theory]
    [InlineData(ProposalStatus.Draft, ContestStage.Collecting, null)]
    [InlineData(ProposalStatus.Draft, ContestStage.Screening, "Submit.OnlyWhileCollecting")]
    [InlineData(ProposalStatus.Draft, ContestStage.Draft, "Submit.OnlyWhileCollecting")]
    [InlineData(ProposalStatus.Returned, ContestStage.Screening, null)]
    [InlineData(ProposalStatus.Returned, ContestStage.Refining, "Submit.ResubmitOnlyInScreening")]
    [InlineData(ProposalStatus.Accepted, ContestStage.Refining, null)]
    [InlineData(ProposalStatus.Accepted, ContestStage.Roadshow, "Submit.RevisionOnlyWhileRefining")]
    [InlineData(ProposalStatus.Submitted, ContestStage.Collecting, "Submit.AlreadySubmitted")]
    [InlineData(ProposalStatus.Rejected, ContestStage.Screening, "Submit.Rejected")]
    public void Submission_follows_status_and_stage(ProposalStatus status, ContestStage stage, string? refusal) =>
        Assert.Equal(refusal, ProposalLifecycle.SubmitRefusal(status, stage));
}
