using CommunityFund.Web.Features.Contests.Stages;
using static CommunityFund.Web.Features.Contests.Stages.ContestStage;

namespace CommunityFund.UnitTests.Features.Contests.Stages;

public class ContestStageTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    // Written out here, not read from the production table, so a wrong table fails these tests.
    private static readonly (ContestStage From, ContestStage To)[] LegalMoves =
    [
        (Draft, Collecting),
        (Collecting, Screening),
        (Screening, Collecting),
        (Screening, Refining),
        (Refining, Roadshow),
        (Roadshow, ScoringClosed),
        (ScoringClosed, PublicNotice),
        (PublicNotice, Final),
    ];

    /// <summary>A contest that satisfies every guard of every move, except that collection closes in the past.</summary>
    private static ContestFacts Ready => new()
    {
        Now = Now,
        RubricTotal = 100m,
        ExpertWeight = 80,
        ResidentWeight = 20,
        TotalBudget = 600_000m,
        PerProjectCap = 50_000m,
        CategoryCount = 6,
        CollectionClosesAt = Now.AddDays(-30),
        RefiningEndsAt = Now.AddDays(-1),
        NoticeDays = 7,
        NoticeEndsAt = Now.AddMinutes(-1),
        ProposalsSubmitted = 31,
        ProposalsAwaitingScreening = 0,
        ProposalsAccepted = 12,
        ProposalsWithoutSlot = 0,
        JudgeCount = 5,
        ScoreSheetsOutstanding = 0,
        ScoreSheetsSubmitted = 58,
        AwardsConfirmed = true,
        OpenObjections = 0,
    };

    /// <summary>Opening or reopening collection needs a closing date ahead; closing it needs that date passed.</summary>
    private static ContestFacts ReadyFor(ContestStage to) =>
        to == Collecting ? Ready with { CollectionClosesAt = Now.AddDays(30) } : Ready;

    public static TheoryData<ContestStage, ContestStage> Legal()
    {
        var data = new TheoryData<ContestStage, ContestStage>();
        foreach (var (from, to) in LegalMoves) data.Add(from, to);
        return data;
    }

    public static TheoryData<ContestStage, ContestStage> Illegal()
    {
        var data = new TheoryData<ContestStage, ContestStage>();
        foreach (var from in Enum.GetValues<ContestStage>())
            foreach (var to in Enum.GetValues<ContestStage>())
                if (!LegalMoves.Contains((from, to))) data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void Every_legal_move_is_allowed_when_its_conditions_hold(ContestStage from, ContestStage to)
    {
        var check = ContestStageTransitions.Check(from, to, ReadyFor(to));

        Assert.True(check.IsAllowed, $"{from} → {to}: {check.Reason}");
        Assert.Null(check.Key);
        Assert.Empty(ContestStageTransitions.Refusals(from, to, ReadyFor(to)));
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void Every_other_move_is_refused_with_its_reason_however_ready_the_contest_is(ContestStage from, ContestStage to)
    {
        var expected = from == Final ? StageRefusal.AlreadyFinal
            : from == to ? StageRefusal.AlreadyInStage
            : to < from ? StageRefusal.NotForward
            : StageRefusal.CannotSkipStage;

        foreach (var facts in new[] { Ready, Ready with { CollectionClosesAt = Now.AddDays(30) } })
        {
            Assert.Equal(expected, ContestStageTransitions.Check(from, to, facts).Reason);
            Assert.Equal([expected], ContestStageTransitions.Refusals(from, to, facts));
        }
    }

    [Fact]
    public void The_table_offers_exactly_the_legal_moves()
    {
        Assert.Equal(LegalMoves.Order(), ContestStageTransitions.Moves.Order());
        Assert.Equal([Collecting, Refining], ContestStageTransitions.TargetsFrom(Screening).Order());
        Assert.Empty(ContestStageTransitions.TargetsFrom(Final));
    }

    private static readonly Dictionary<string, Func<ContestFacts, ContestFacts>> Breakages = new()
    {
        ["rubric sums to 95"] = f => f with { RubricTotal = 95m },
        ["rubric sums to 105"] = f => f with { RubricTotal = 105m },
        ["no rubric"] = f => f with { RubricTotal = 0m },
        ["weights 80/30"] = f => f with { ExpertWeight = 80, ResidentWeight = 30 },
        ["weights 120/-20"] = f => f with { ExpertWeight = 120, ResidentWeight = -20 },
        ["no total budget"] = f => f with { TotalBudget = 0m },
        ["no cap"] = f => f with { PerProjectCap = 0m },
        ["cap above budget"] = f => f with { PerProjectCap = 700_000m },
        ["no categories"] = f => f with { CategoryCount = 0 },
        ["no closing date"] = f => f with { CollectionClosesAt = null },
        ["closing date passed"] = f => f with { CollectionClosesAt = Now.AddSeconds(-1) },
        ["closing date now"] = f => f with { CollectionClosesAt = Now },
        ["closing date ahead"] = f => f with { CollectionClosesAt = Now.AddSeconds(1) },
        ["no proposals"] = f => f with { ProposalsSubmitted = 0 },
        ["two awaiting screening"] = f => f with { ProposalsAwaitingScreening = 2 },
        ["none accepted"] = f => f with { ProposalsAccepted = 0 },
        ["refining ends tomorrow"] = f => f with { RefiningEndsAt = Now.AddDays(1) },
        ["no refining end"] = f => f with { RefiningEndsAt = null },
        ["no judges"] = f => f with { JudgeCount = 0 },
        ["one without slot"] = f => f with { ProposalsWithoutSlot = 1 },
        ["three sheets outstanding"] = f => f with { ScoreSheetsOutstanding = 3 },
        ["no sheets"] = f => f with { ScoreSheetsSubmitted = 0 },
        ["awards unconfirmed"] = f => f with { AwardsConfirmed = false },
        ["no notice days"] = f => f with { NoticeDays = 0 },
        ["notice ends in an hour"] = f => f with { NoticeEndsAt = Now.AddHours(1) },
        ["no notice end"] = f => f with { NoticeEndsAt = null },
        ["one open objection"] = f => f with { OpenObjections = 1 },
    };

    [Theory]
    [InlineData(Draft, Collecting, "rubric sums to 95", StageRefusal.RubricIncomplete)]
    [InlineData(Draft, Collecting, "rubric sums to 105", StageRefusal.RubricIncomplete)]
    [InlineData(Draft, Collecting, "no rubric", StageRefusal.RubricIncomplete)]
    [InlineData(Draft, Collecting, "weights 80/30", StageRefusal.WeightsIncomplete)]
    [InlineData(Draft, Collecting, "weights 120/-20", StageRefusal.WeightsIncomplete)]
    [InlineData(Draft, Collecting, "no total budget", StageRefusal.BudgetIncomplete)]
    [InlineData(Draft, Collecting, "no cap", StageRefusal.BudgetIncomplete)]
    [InlineData(Draft, Collecting, "cap above budget", StageRefusal.BudgetIncomplete)]
    [InlineData(Draft, Collecting, "no categories", StageRefusal.NoCategories)]
    [InlineData(Draft, Collecting, "no closing date", StageRefusal.CollectionWindowNotSet)]
    [InlineData(Draft, Collecting, "closing date passed", StageRefusal.CollectionWindowAlreadyOver)]
    [InlineData(Draft, Collecting, "closing date now", StageRefusal.CollectionWindowAlreadyOver)]
    [InlineData(Collecting, Screening, "no closing date", StageRefusal.CollectionWindowNotOver)]
    [InlineData(Collecting, Screening, "closing date ahead", StageRefusal.CollectionWindowNotOver)]
    [InlineData(Collecting, Screening, "no proposals", StageRefusal.NoProposalsSubmitted)]
    [InlineData(Screening, Collecting, "no closing date", StageRefusal.CollectionWindowNotSet)]
    [InlineData(Screening, Collecting, "closing date passed", StageRefusal.CollectionWindowAlreadyOver)]
    [InlineData(Screening, Refining, "two awaiting screening", StageRefusal.ScreeningUnfinished)]
    [InlineData(Screening, Refining, "none accepted", StageRefusal.NoProposalsAccepted)]
    [InlineData(Refining, Roadshow, "refining ends tomorrow", StageRefusal.RefiningPeriodNotOver)]
    [InlineData(Refining, Roadshow, "no refining end", StageRefusal.RefiningPeriodNotOver)]
    [InlineData(Refining, Roadshow, "rubric sums to 95", StageRefusal.RubricIncomplete)]
    [InlineData(Refining, Roadshow, "no judges", StageRefusal.NoJudges)]
    [InlineData(Refining, Roadshow, "one without slot", StageRefusal.RunningOrderIncomplete)]
    [InlineData(Roadshow, ScoringClosed, "three sheets outstanding", StageRefusal.ScoreSheetsOutstanding)]
    [InlineData(Roadshow, ScoringClosed, "no sheets", StageRefusal.NoScoreSheets)]
    [InlineData(ScoringClosed, PublicNotice, "awards unconfirmed", StageRefusal.AwardsNotConfirmed)]
    [InlineData(ScoringClosed, PublicNotice, "no notice days", StageRefusal.NoticePeriodNotSet)]
    [InlineData(PublicNotice, Final, "notice ends in an hour", StageRefusal.NoticePeriodNotOver)]
    [InlineData(PublicNotice, Final, "no notice end", StageRefusal.NoticePeriodNotOver)]
    [InlineData(PublicNotice, Final, "one open objection", StageRefusal.OpenObjections)]
    public void Each_guard_refuses_its_move_when_its_fact_is_missing(ContestStage from, ContestStage to, string breakage, StageRefusal expected)
    {
        var facts = Breakages[breakage](ReadyFor(to));

        var check = ContestStageTransitions.Check(from, to, facts);

        Assert.Equal(expected, check.Reason);
        Assert.False(check.IsAllowed);
        Assert.Equal("Stage." + expected, check.Key);
        Assert.Equal([expected], ContestStageTransitions.Refusals(from, to, facts));
    }

    [Fact]
    public void Every_guard_reason_is_reachable()
    {
        var structural = new[] { StageRefusal.None, StageRefusal.AlreadyFinal, StageRefusal.AlreadyInStage, StageRefusal.NotForward, StageRefusal.CannotSkipStage };
        var reached = new HashSet<StageRefusal>();
        foreach (var (from, to) in LegalMoves)
            foreach (var breakage in Breakages.Values)
                reached.UnionWith(ContestStageTransitions.Refusals(from, to, breakage(ReadyFor(to))));

        Assert.Equal(Enum.GetValues<StageRefusal>().Except(structural).Order(), reached.Order());
    }

    [Fact]
    public void All_missing_setup_is_listed_at_once_in_a_fixed_order()
    {
        var blank = new ContestFacts { Now = Now };

        Assert.Equal(
            [
                StageRefusal.RubricIncomplete, StageRefusal.WeightsIncomplete, StageRefusal.BudgetIncomplete,
                StageRefusal.NoCategories, StageRefusal.CollectionWindowNotSet,
            ],
            ContestStageTransitions.Refusals(Draft, Collecting, blank));
        Assert.Equal(StageRefusal.RubricIncomplete, ContestStageTransitions.Check(Draft, Collecting, blank).Reason);
    }

    [Fact]
    public void Collection_closes_exactly_at_its_closing_instant()
    {
        var closes = Now;
        var facts = Ready with { CollectionClosesAt = closes };

        Assert.Equal(StageRefusal.CollectionWindowNotOver,
            ContestStageTransitions.Check(Collecting, Screening, facts with { Now = closes.AddTicks(-1) }).Reason);
        Assert.True(ContestStageTransitions.Check(Collecting, Screening, facts).IsAllowed);
    }

    [Fact]
    public void Reopening_collection_needs_a_later_closing_date_and_then_closes_again_normally()
    {
        var passed = Ready;
        var extended = Ready with { CollectionClosesAt = Now.AddDays(14) };

        Assert.Equal(StageRefusal.CollectionWindowAlreadyOver, ContestStageTransitions.Check(Screening, Collecting, passed).Reason);
        Assert.True(ContestStageTransitions.Check(Screening, Collecting, extended).IsAllowed);
        Assert.Equal(StageRefusal.CollectionWindowNotOver, ContestStageTransitions.Check(Collecting, Screening, extended).Reason);
        Assert.True(ContestStageTransitions.Check(Collecting, Screening, extended with { Now = Now.AddDays(14) }).IsAllowed);
    }

    [Fact]
    public void Nothing_moves_back_once_refinement_has_started()
    {
        foreach (var from in new[] { Refining, Roadshow, ScoringClosed, PublicNotice })
            foreach (var to in Enum.GetValues<ContestStage>().Where(s => s < from))
                Assert.Equal(StageRefusal.NotForward, ContestStageTransitions.Check(from, to, ReadyFor(to)).Reason);
    }

    [Fact]
    public void Stages_outside_the_enum_are_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ContestStageTransitions.Check((ContestStage)99, Collecting, Ready));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContestStageTransitions.Check(Draft, (ContestStage)(-1), Ready));
    }

    [Fact]
    public void Every_refusal_has_its_own_stable_localisation_key()
    {
        var keys = Enum.GetValues<StageRefusal>().Select(ContestStageTransitions.KeyOf).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.StartsWith("Stage.", key, StringComparison.Ordinal));
        Assert.Equal("Stage.NoJudges", ContestStageTransitions.KeyOf(StageRefusal.NoJudges));
        Assert.Equal("Stage.CannotSkipStage", ContestStageTransitions.KeyOf(StageRefusal.CannotSkipStage));
    }
}
