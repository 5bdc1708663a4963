using CommunityFund.Web.Features.Contests.Scoring;
using FsCheck.Xunit;

namespace CommunityFund.UnitTests.Features.Contests.Scoring;

public class DecimalMathTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(10000, 100)]
    [InlineData(0.25, 0.5)]
    [InlineData(6.25, 2.5)]
    public void Square_roots_of_perfect_squares_are_exact(double value, double root) =>
        Assert.Equal((decimal)root, DecimalMath.Sqrt((decimal)value));

    [Fact]
    public void The_square_root_of_two_is_right_to_decimal_precision() =>
        Assert.Equal(1.4142135623730950488016887242m, DecimalMath.Sqrt(2m), 26);

    [Fact]
    public void A_negative_number_has_no_square_root() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Sqrt(-1m));

    [Property(MaxTest = 500)]
    public bool The_square_root_squared_gives_back_the_number(FsCheck.PositiveInt numerator, FsCheck.PositiveInt scale)
    {
        var value = numerator.Get / (decimal)(1 + scale.Get % 1000);
        var root = DecimalMath.Sqrt(value);
        return Math.Abs(root * root - value) <= value * 1e-24m;
    }
}
