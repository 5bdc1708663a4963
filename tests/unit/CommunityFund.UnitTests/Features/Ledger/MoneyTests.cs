using CommunityFund.Web.Features.Ledger;

namespace CommunityFund.UnitTests.Features.Ledger;

public class MoneyTests
{
    [Theory]
    [InlineData("360000", 360000)]
    [InlineData("1005.2", 1005.2)]
    [InlineData("0.01", 0.01)]
    [InlineData(" 12.50 ", 12.5)]
    [InlineData("¥88", 88)]
    [InlineData("999999999999.99", 999999999999.99)]
    public void Well_formed_amounts_parse_exactly(string text, double expected)
    {
        Assert.Equal(MoneyInput.Problem.None, MoneyInput.Parse(text, out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("", MoneyInput.Problem.Empty)]
    [InlineData("   ", MoneyInput.Problem.Empty)]
    [InlineData("abc", MoneyInput.Problem.NotANumber)]
    [InlineData("1e5", MoneyInput.Problem.NotANumber)]
    [InlineData("1,000.00", MoneyInput.Problem.Separator)]
    [InlineData("１００", MoneyInput.Problem.FullWidth)]
    [InlineData("100．5", MoneyInput.Problem.FullWidth)]
    [InlineData("١٠٠", MoneyInput.Problem.NotANumber)]
    [InlineData("-5", MoneyInput.Problem.NotPositive)]
    [InlineData("0", MoneyInput.Problem.NotPositive)]
    [InlineData("0.00", MoneyInput.Problem.NotPositive)]
    [InlineData("1.234", MoneyInput.Problem.TooManyDecimals)]
    [InlineData("1000000000000", MoneyInput.Problem.TooLarge)]
    [InlineData("99999999999999999999999999999999999", MoneyInput.Problem.TooLarge)]
    public void Every_kind_of_bad_amount_has_its_own_problem(string text, MoneyInput.Problem expected) =>
        Assert.Equal(expected, MoneyInput.Parse(text, out _));

    [Theory]
    [InlineData("360000", "人民币叁拾陆万元整")]
    [InlineData("1005.20", "人民币壹仟零伍元贰角")]
    [InlineData("1000.05", "人民币壹仟元零伍分")]
    [InlineData("0.50", "人民币伍角")]
    [InlineData("0.07", "人民币柒分")]
    [InlineData("100010", "人民币壹拾万零壹拾元整")]
    [InlineData("100000000", "人民币壹亿元整")]
    [InlineData("600000", "人民币陆拾万元整")]
    [InlineData("2000000.00", "人民币贰佰万元整")]
    [InlineData("10203.45", "人民币壹万零贰佰零叁元肆角伍分")]
    [InlineData("999999999999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    public void Amounts_in_capital_numerals_follow_the_receipt_rules(string amount, string expected) =>
        Assert.Equal(expected, ChineseAmount.ToCapital(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Capital_numerals_never_repeat_zero_and_always_name_the_currency()
    {
        var random = new Random(20211);
        for (var i = 0; i < 5000; i++)
        {
            var amount = Math.Round((decimal)random.NextInt64(1, 99_999_999_999_999) / 100m, 2);
            var text = ChineseAmount.ToCapital(amount);
            Assert.StartsWith("人民币", text);
            Assert.DoesNotContain("零零", text);
            Assert.False(text.EndsWith('零'), text);
            Assert.Contains(amount % 1 == 0 ? "元整" : amount % 0.1m == 0 ? "角" : "分", text);
        }
    }
}
