using System.Globalization;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>One rubric row as the form sends it; a new row has no id until it is saved.</summary>
public sealed class CriterionInput
{
    public string? Id { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public decimal MaxPoints { get; set; }
}

/// <summary>What the secretariat types when setting up a contest, whether new or edited while Draft.</summary>
public abstract class ContestFields
{
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public List<string> Categories { get; set; } = [];
    /// <summary>Amounts and dates are bound as text and parsed strictly by the ledger rules, so each mistake gets its own message.</summary>
    public string TotalBudget { get; set; } = "";
    public string PerProjectCap { get; set; } = "";
    public Guid PayingFundId { get; set; }
    public string CollectOpens { get; set; } = "";
    public string CollectCloses { get; set; } = "";
    public string RefineUntil { get; set; } = "";
    public string RoadshowDate { get; set; } = "";
    public string ScoringCloses { get; set; } = "";
    public int NoticeDays { get; set; } = 7;
    public List<CriterionInput> Rubric { get; set; } = DefaultRubric();
    public int ExpertWeight { get; set; } = (int)ScoreWeights.Default.Expert;
    public int ResidentWeight { get; set; } = (int)ScoreWeights.Default.Resident;
    public int TrimWhenAtLeast { get; set; } = TrimmedMean.DefaultTrimWhenAtLeast;
    public int ResidentVoteLimit { get; set; } = Contest.DefaultVoteLimit;

    public static List<CriterionInput> DefaultRubric() =>
        [.. Scoring.Rubric.Default().Criteria.Select(c => new CriterionInput { Id = c.Id, NameZh = c.NameZh, NameEn = c.NameEn, MaxPoints = c.MaxPoints })];

    /// <summary>Rows without an id get one from their position (c1, c2 …), unless that is taken.</summary>
    public Rubric ToRubric()
    {
        var taken = Rubric.Where(r => !string.IsNullOrWhiteSpace(r.Id)).Select(r => r.Id!.Trim()).ToHashSet(StringComparer.Ordinal);
        var criteria = new List<RubricCriterion>();
        var n = 0;
        foreach (var row in Rubric)
        {
            var id = row.Id?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                do id = "c" + (++n).ToString(CultureInfo.InvariantCulture); while (!taken.Add(id));
            }
            criteria.Add(new RubricCriterion(id, (row.NameZh ?? "").Trim(), (row.NameEn ?? "").Trim(), row.MaxPoints));
        }
        return new Rubric(criteria);
    }

    public AggregationRules ToRules() => new(new ScoreWeights(ExpertWeight, ResidentWeight), TrimWhenAtLeast);

    /// <summary>Copies the (validated) fields onto the contest.</summary>
    public void ApplyTo(Contest contest)
    {
        contest.Title = Title.Trim();
        contest.Description = (Description ?? "").Trim();
        contest.Categories = ContestThemes.Join(Categories);
        contest.TotalBudget = InputRules.Amount(TotalBudget);
        contest.PerProjectCap = InputRules.Amount(PerProjectCap);
        contest.PayingFundId = PayingFundId;
        contest.CollectOpens = InputRules.Date(CollectOpens);
        contest.CollectCloses = InputRules.Date(CollectCloses);
        contest.RefineUntil = InputRules.Date(RefineUntil);
        contest.RoadshowDate = InputRules.Date(RoadshowDate);
        contest.ScoringCloses = InputRules.Date(ScoringCloses);
        contest.NoticeDays = NoticeDays;
        contest.SetRubric(ToRubric());
        contest.ExpertWeight = ExpertWeight;
        contest.ResidentWeight = ResidentWeight;
        contest.TrimWhenAtLeast = TrimWhenAtLeast;
        contest.ResidentVoteLimit = ResidentVoteLimit;
    }

    /// <summary>The form for an existing contest.</summary>
    public void LoadFrom(Contest c)
    {
        Title = c.Title;
        Description = c.Description;
        Categories = [.. c.CategoryList];
        TotalBudget = c.TotalBudget.ToString("0.00", CultureInfo.InvariantCulture);
        PerProjectCap = c.PerProjectCap.ToString("0.00", CultureInfo.InvariantCulture);
        PayingFundId = c.PayingFundId;
        CollectOpens = Formats(c.CollectOpens);
        CollectCloses = Formats(c.CollectCloses);
        RefineUntil = Formats(c.RefineUntil);
        RoadshowDate = Formats(c.RoadshowDate);
        ScoringCloses = Formats(c.ScoringCloses);
        NoticeDays = c.NoticeDays;
        Rubric = [.. c.GetRubric().Criteria.Select(r => new CriterionInput { Id = r.Id, NameZh = r.NameZh, NameEn = r.NameEn, MaxPoints = r.MaxPoints })];
        ExpertWeight = c.ExpertWeight;
        ResidentWeight = c.ResidentWeight;
        TrimWhenAtLeast = c.TrimWhenAtLeast;
        ResidentVoteLimit = c.ResidentVoteLimit;

        static string Formats(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

/// <summary>The rules both setup forms share. Rubric and weight rules are the scoring code's own, so setup and scoring never disagree.</summary>
public abstract class ContestFieldsValidator<T> : AbstractValidator<T> where T : ContestFields
{
    protected ContestFieldsValidator(IStringLocalizer<ContestResource> t, IStringLocalizer<KernelResource> l, IFundDirectory funds)
    {
        RuleFor(c => c.Title).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Contests.TitleRequired"])
            .MaximumLength(Contest.TitleMax).WithMessage(_ => t["Field.TooLong", Contest.TitleMax]);
        RuleFor(c => c.Description).MaximumLength(Contest.DescriptionMax).WithMessage(_ => t["Field.TooLong", Contest.DescriptionMax]);
        RuleFor(c => c.Categories).Must(c => c.Count > 0).WithMessage(_ => t["Contests.CategoriesRequired"])
            .Must(c => c.All(ContestThemes.IsTheme)).WithMessage(_ => t["Contests.CategoryUnknown"]);
        RuleFor(c => c.TotalBudget).ValidAmount(l);
        RuleFor(c => c.PerProjectCap).Cascade(CascadeMode.Stop).ValidAmount(l)
            .Must((c, cap) => MoneyInput.Parse(c.TotalBudget, out var budget) != MoneyInput.Problem.None || InputRules.Amount(cap) <= budget)
            .WithMessage(_ => t["Contests.CapAboveBudget"]);
        RuleFor(c => c.PayingFundId).ExistingFund(funds, l);
        RuleFor(c => c.CollectOpens).ValidDate(l);
        RuleFor(c => c.CollectCloses).ValidDate(l);
        RuleFor(c => c.RefineUntil).ValidDate(l);
        RuleFor(c => c.RoadshowDate).ValidDate(l);
        RuleFor(c => c.ScoringCloses).ValidDate(l);
        RuleFor(c => c)
            .Must(DatesInOrder).When(AllDatesValid).OverridePropertyName("CollectCloses")
            .WithMessage(_ => t["Contests.DatesOutOfOrder"]);
        RuleFor(c => c.NoticeDays).InclusiveBetween(Contest.NoticeDaysMin, Contest.NoticeDaysMax)
            .WithMessage(_ => t["Contests.NoticeDaysRange", Contest.NoticeDaysMin, Contest.NoticeDaysMax]);
        RuleFor(c => c.ResidentVoteLimit).InclusiveBetween(Contest.VoteLimitMin, Contest.VoteLimitMax)
            .WithMessage(_ => t["Contests.VoteLimitRange", Contest.VoteLimitMin, Contest.VoteLimitMax]);
        RuleFor(c => c.Rubric).Custom((_, context) =>
        {
            foreach (var problem in context.InstanceToValidate.ToRubric().Validate())
                context.AddFailure("Rubric", t[problem.MessageKey, problem.CriterionId ?? ""]);
        });
        RuleFor(c => c).Custom((c, context) =>
        {
            foreach (var problem in c.ToRules().Validate())
                context.AddFailure(problem.Code == RulesProblemCode.TrimThresholdBelowMinimum ? "TrimWhenAtLeast" : "ExpertWeight",
                    t[problem.MessageKey, TrimmedMean.MinimumTrimWhenAtLeast]);
        });
    }

    private static bool AllDatesValid(T c) =>
        new[] { c.CollectOpens, c.CollectCloses, c.RefineUntil, c.RoadshowDate, c.ScoringCloses }.All(d => InputRules.TryDate(d, out _));

    private static bool DatesInOrder(T c)
    {
        var dates = new[] { c.CollectOpens, c.CollectCloses, c.RefineUntil, c.RoadshowDate, c.ScoringCloses }.Select(InputRules.Date).ToList();
        return dates.Zip(dates.Skip(1)).All(p => p.First <= p.Second);
    }
}

/// <summary>What the stage guards need, gathered from what exists today (judges and proposals come with later slices).</summary>
public static class ContestSetupFacts
{
    public static ContestFacts For(Contest c, DateTimeOffset now) => new()
    {
        Now = now,
        RubricTotal = c.GetRubric().MaxPointsSum,
        ExpertWeight = c.ExpertWeight,
        ResidentWeight = c.ResidentWeight,
        TotalBudget = c.TotalBudget,
        PerProjectCap = c.PerProjectCap,
        CategoryCount = c.CategoryList.Count,
        CollectionClosesAt = c.CollectCloses == default ? null : FundTime.EndOfDay(c.CollectCloses),
        RefiningEndsAt = c.RefineUntil == default ? null : FundTime.EndOfDay(c.RefineUntil),
        NoticeDays = c.NoticeDays,
    };
}
