using CommunityFund.Web.Features.Contests.Organisations;

namespace CommunityFund.UnitTests.Features.Contests.Organisations;

public class UnifiedSocialCreditCodeTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // The worked example printed with GB 32100-2015 and repeated in most references to it.
    private const string StandardExample = "91350100M000100Y43";

    [Fact]
    public void The_standards_worked_example_computes_by_hand()
    {
        // Organisation code M000100Y (GB 11714, M=22, Y=34): 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
        Assert.Equal('4', UnifiedSocialCreditCode.OrganisationCodeCheckCharacter("M000100Y"));
        // Position 18: Σ Ci·Wi over 91350100M000100Y4 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
        Assert.Equal('3', UnifiedSocialCreditCode.CheckCharacter("91350100M000100Y4"));
        Assert.True(UnifiedSocialCreditCode.Validate(StandardExample).IsValid);
    }

    [Theory]
    [InlineData("91440300708461136T")] // 深圳市腾讯计算机系统有限公司
    [InlineData("914403001922038216")] // 华为技术有限公司
    [InlineData("91330100799655058B")] // 阿里巴巴(中国)有限公司
    public void Publicly_known_codes_are_valid(string code)
    {
        var check = UnifiedSocialCreditCode.Validate(code);

        Assert.Equal(CreditCodeProblem.None, check.Problem);
        Assert.Equal(code, check.Code?.Value);
    }

    [Fact]
    public void The_parts_of_a_code_are_named_by_the_standard()
    {
        var code = UnifiedSocialCreditCode.Parse(StandardExample);

        Assert.Equal('9', code.Department);
        Assert.Equal('1', code.OrganisationType);
        Assert.Equal("350100", code.Division);
        Assert.Equal("M000100Y4", code.OrganisationCode);
        Assert.Equal(StandardExample, code.ToString());
    }

    [Fact]
    public void Typed_codes_are_trimmed_and_upper_cased()
    {
        var check = UnifiedSocialCreditCode.Validate("  91350100m000100y43\t");

        Assert.True(check.IsValid);
        Assert.Equal(StandardExample, check.Code.Value);
        Assert.Equal(UnifiedSocialCreditCode.Parse(StandardExample), check.Code);
    }

    [Theory]
    [InlineData(null, CreditCodeProblem.Empty, 0)]
    [InlineData("", CreditCodeProblem.Empty, 0)]
    [InlineData("   ", CreditCodeProblem.Empty, 0)]
    [InlineData("９１350100M000100Y43", CreditCodeProblem.FullWidth, 1)]
    [InlineData("91350100Ｍ000100Y43", CreditCodeProblem.FullWidth, 9)]
    [InlineData("9135\u30000100M000100Y43", CreditCodeProblem.FullWidth, 5)]
    [InlineData("91350100M000100Y4", CreditCodeProblem.Length, 0)]
    [InlineData("91350100M000100Y433", CreditCodeProblem.Length, 0)]
    [InlineData("91350100M000100I43", CreditCodeProblem.Character, 16)]
    [InlineData("91350100M0O0100Y43", CreditCodeProblem.Character, 11)]
    [InlineData("91350100M000100Y4S", CreditCodeProblem.Character, 18)]
    [InlineData("9135 100M000100Y43", CreditCodeProblem.Character, 5)]
    [InlineData("91350100M000100Y4-", CreditCodeProblem.Character, 18)]
    [InlineData("B1350100M000100Y43", CreditCodeProblem.Department, 1)]
    [InlineData("01350100M000100Y43", CreditCodeProblem.Department, 1)]
    [InlineData("94350100M000100Y43", CreditCodeProblem.OrganisationType, 2)]
    [InlineData("99350100M000100Y43", CreditCodeProblem.OrganisationType, 2)]
    [InlineData("54350100M000100Y43", CreditCodeProblem.OrganisationType, 2)]
    [InlineData("Y2350100M000100Y43", CreditCodeProblem.OrganisationType, 2)]
    [InlineData("9135010AM000100Y43", CreditCodeProblem.Division, 8)]
    [InlineData("91X50100M000100Y43", CreditCodeProblem.Division, 3)]
    [InlineData("91350100M000100Y53", CreditCodeProblem.OrganisationCode, 17)]
    [InlineData("91350100M000100YA3", CreditCodeProblem.OrganisationCode, 17)]
    [InlineData("91350100M000100Y44", CreditCodeProblem.CheckDigit, 18)]
    [InlineData("91350100M000100Y4Y", CreditCodeProblem.CheckDigit, 18)]
    public void Every_kind_of_bad_code_has_its_own_problem_and_position(string? input, CreditCodeProblem problem, int position)
    {
        var check = UnifiedSocialCreditCode.Validate(input);

        Assert.Equal(problem, check.Problem);
        Assert.Equal(position, check.Position);
        Assert.False(check.IsValid);
        Assert.Null(check.Code);
        Assert.Equal("CreditCode." + problem, check.Key);
    }

    [Theory]
    [InlineData('1', "1239")]
    [InlineData('5', "1239")]
    [InlineData('9', "123")]
    [InlineData('Y', "1")]
    [InlineData('3', "123459")]
    public void Each_department_registers_only_its_own_organisation_types(char department, string types)
    {
        foreach (var type in Alphabet)
        {
            var prefix = $"{department}{type}110101" + WithOrganisationCheck("12345678");
            var code = prefix + UnifiedSocialCreditCode.CheckCharacter(prefix);

            var expected = types.Contains(type, StringComparison.Ordinal) ? CreditCodeProblem.None : CreditCodeProblem.OrganisationType;
            Assert.Equal(expected, UnifiedSocialCreditCode.Validate(code).Problem);
        }
    }

    [Fact]
    public void Civil_affairs_registers_social_groups_private_non_enterprises_and_foundations()
    {
        // The organisations a community contest mostly sees: 51 社会团体, 52 民办非企业单位, 53 基金会.
        foreach (var start in new[] { "51", "52", "53", "59" })
        {
            var code = UnifiedSocialCreditCode.Create(start + "440300" + WithOrganisationCheck("MJ0000A1"));
            Assert.Equal(start, code.Value[..2]);
        }
    }

    [Theory]
    [InlineData("40000000", 'X')] // 4·3 = 12; 12 mod 11 = 1; 11 − 1 = 10 → X
    [InlineData("00000000", '0')] // 0 mod 11 = 0; 11 − 0 = 11 → 0
    [InlineData("J0000000", '9')] // GB 11714 letter value J = 19: 57 mod 11 = 2 → 9 (the unified index 18 would give 1)
    [InlineData("70846113", '6')] // Tencent's organisation code 70846113-6
    public void The_organisation_code_check_follows_GB_11714(string body, char expected) =>
        Assert.Equal(expected, UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body));

    [Fact]
    public void An_organisation_code_checked_by_X_keeps_X_at_position_17()
    {
        // X is in the unified alphabet (only I, O, Z, S and V are left out), so there is nothing to translate.
        var code = UnifiedSocialCreditCode.Create("52110105" + "40000000" + "X");

        Assert.Equal('X', code.Value[16]);
        Assert.True(UnifiedSocialCreditCode.Validate(code.Value).IsValid);
        Assert.Equal(CreditCodeProblem.OrganisationCode, UnifiedSocialCreditCode.Validate("52110105400000000" + code.Value[17]).Problem);
    }

    [Fact]
    public void Create_appends_the_check_character()
    {
        Assert.Equal(StandardExample, UnifiedSocialCreditCode.Create("91350100M000100Y4").Value);
    }

    [Theory]
    [InlineData("91350100M000100Y")]     // 16 characters
    [InlineData("91350100M000100Y43")]   // 18 characters
    [InlineData("91350100M000100I4")]    // I is not in the alphabet
    [InlineData("B1350100M000100Y4")]    // no department B
    [InlineData("9135010AM000100Y4")]    // letter in the division
    [InlineData("91350100M000100Y5")]    // wrong organisation code check
    public void Create_refuses_a_prefix_that_cannot_start_a_valid_code(string prefix) =>
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.Create(prefix));

    [Fact]
    public void Generated_codes_are_valid_and_survive_a_round_trip()
    {
        var random = new Random(32100);
        for (var i = 0; i < 2000; i++)
        {
            var code = RandomValidCode(random);

            var check = UnifiedSocialCreditCode.Validate(code);

            Assert.True(check.IsValid, $"{code}: {check.Problem}");
            Assert.Equal(code, check.Code.Value);
            Assert.True(UnifiedSocialCreditCode.TryParse(code.ToLowerInvariant(), out var parsed));
            Assert.Equal(code, parsed.Value);
        }
    }

    [Fact]
    public void A_single_changed_character_is_always_detected()
    {
        // Replacements: the whole alphabet, the five excluded letters, lower case of other letters, and typical slips.
        var replacements = Alphabet + "IOZSV" + "abjxy" + " -.０Ａ中";
        var random = new Random(17710);
        for (var i = 0; i < 500; i++)
        {
            var code = RandomValidCode(random);
            for (var position = 0; position < code.Length; position++)
            {
                foreach (var replacement in replacements)
                {
                    if (char.ToUpperInvariant(replacement) == code[position]) continue;
                    var mutated = string.Concat(code.AsSpan(0, position), replacement.ToString(), code.AsSpan(position + 1));

                    var check = UnifiedSocialCreditCode.Validate(mutated);

                    Assert.False(check.IsValid, $"{code} → {mutated} was accepted");
                }
            }
        }
    }

    [Fact]
    public void Swapping_two_neighbouring_characters_is_always_detected()
    {
        var random = new Random(7064);
        for (var i = 0; i < 2000; i++)
        {
            var code = RandomValidCode(random);
            for (var position = 0; position < code.Length - 1; position++)
            {
                if (code[position] == code[position + 1]) continue;
                var chars = code.ToCharArray();
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                var swapped = new string(chars);

                Assert.False(UnifiedSocialCreditCode.Validate(swapped).IsValid, $"{code} → {swapped} was accepted");
            }
        }
    }

    [Fact]
    public void Every_problem_has_its_own_stable_localisation_key()
    {
        var keys = Enum.GetValues<CreditCodeProblem>().Select(UnifiedSocialCreditCode.KeyOf).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.StartsWith("CreditCode.", key, StringComparison.Ordinal));
        Assert.Equal("CreditCode.CheckDigit", UnifiedSocialCreditCode.KeyOf(CreditCodeProblem.CheckDigit));
        Assert.Equal("CreditCode.FullWidth", UnifiedSocialCreditCode.KeyOf(CreditCodeProblem.FullWidth));
        Assert.Null(UnifiedSocialCreditCode.Validate(StandardExample).Key);
    }

    private static string WithOrganisationCheck(string body8) => body8 + UnifiedSocialCreditCode.OrganisationCodeCheckCharacter(body8);

    private static string RandomValidCode(Random random)
    {
        var departments = UnifiedSocialCreditCode.OrganisationTypesByDepartment;
        var department = departments.Keys[random.Next(departments.Count)];
        var types = departments[department];
        var type = types[random.Next(types.Length)];
        var division = random.Next(110000, 660000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var body = new string(Enumerable.Range(0, 8).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        return UnifiedSocialCreditCode.Create($"{department}{type}{division}{WithOrganisationCheck(body)}").Value;
    }
}
