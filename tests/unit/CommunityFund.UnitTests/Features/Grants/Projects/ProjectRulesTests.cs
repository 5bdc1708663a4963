using FsCheck;
using FsCheck.Xunit;
using CommunityFund.Web.Features.Grants.Projects;

namespace CommunityFund.UnitTests.Features.Grants.ProjectTests;

public class TranchePlanTests
{
    [Theory]
    [InlineData("10000.00", "5000.00", "3000.00", "2000.00")]
    [InlineData("9999.99", "5000.00", "3000.00", "1999.99")] // 4999.995 and 2999.997 round up: the last tranche takes what is left
    [InlineData("10000.01", "5000.01", "3000.00", "2000.00")]
    [InlineData("0.03", "0.02", "0.01", "0.00")]
    public void The_default_plan_is_50_30_20_to_the_cent_and_adds_up_exactly(string approved, string first, string second, string third)
    {
        var amounts = TranchePlan.Amounts(decimal.Parse(approved), TranchePlan.Default.Select(p => p.Percent).ToList());
        Assert.Equal([decimal.Parse(first), decimal.Parse(second), decimal.Parse(third)], amounts);
        Assert.Equal(decimal.Parse(approved), amounts.Sum());
        Assert.Equal([TrancheCondition.AgreementSigned, TrancheCondition.MidtermAccepted, TrancheCondition.FinalAccepted], TranchePlan.Default.Select(p => p.Condition));
    }

    [Property(MaxTest = 300)]
    public bool Any_plan_adds_up_to_the_approved_amount_exactly(PositiveInt cents, NonEmptyArray<PositiveInt> shares)
    {
        var approved = cents.Get % 100_000_000 / 100m + 0.01m;
        var raw = shares.Get.Take(TranchePlan.MaxTranches).Select(s => s.Get % 100 + 1).ToList();
        // Scale the shares to percentages adding up to 100, the last one taking the rest.
        var percents = new List<int>();
        var left = 100;
        foreach (var s in raw.Take(raw.Count - 1))
        {
            var p = Math.Max(1, Math.Min(left - (raw.Count - percents.Count - 1), s * 100 / raw.Sum()));
            percents.Add(p);
            left -= p;
        }
        percents.Add(left);
        var amounts = TranchePlan.Amounts(approved, percents);
        return amounts.Sum() == approved && amounts.All(a => decimal.Round(a, 2) == a);
    }

    [Fact]
    public void Fixed_tranches_are_left_out_of_the_remainder()
    {
        // 3,000 already fixed at 30%; the remaining 70% split 40/30 of 10,000.
        Assert.Equal([4000m, 3000m], TranchePlan.Amounts(10_000m, [40, 30], fixedAmount: 3000m));
    }
}
