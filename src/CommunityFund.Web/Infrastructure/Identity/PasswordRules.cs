using Microsoft.AspNetCore.Identity;

namespace CommunityFund.Web.Infrastructure.Identity;

public static class AccountRules
{
    /// <summary>
    /// Unique emails; passwords of 8+ characters without composition rules. No lockout: anyone could trigger it against
    /// anyone; failed sign-ins are slowed down by <see cref="SignInThrottle"/> instead.
    /// </summary>
    public static void Apply(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 8;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.AllowedForNewUsers = false;
    }
}

/// <summary>
/// ASVS-style rules: length does the work (8..128), no composition rules, and the passwords people pick
/// first (worldwide and in China) are refused.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string ErrorCode = "PasswordTooCommon";

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "12345678", "123456789", "1234567890", "0123456789", "87654321", "98765432", "11111111", "00000000",
        "22222222", "66666666", "88888888", "99999999", "11223344", "12341234", "12121212", "123123123",
        "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "iloveyou",
        "iloveyou1", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t",
        "zxcvbnm1", "zxcvbnm123", "asdfghjk", "asdfghjkl", "abcd1234", "abc12345", "abc123456", "a1234567",
        "a12345678", "aa123456", "aa12345678", "qq123456", "qq5201314", "5201314520", "woaini1314", "woaini520",
        "1314520520", "wang1234", "li123456", "zhang123", "admin123", "admin1234", "administrator", "welcome1",
        "welcome123", "sunshine", "sunshine1", "princess", "football", "baseball", "dragon123", "monkey123",
        "letmein1", "trustno1", "superman", "starwars", "whatever", "computer", "internet", "changeme",
        "default1", "test1234", "testtest", "12344321", "147258369", "123654789", "159357456", "741852963",
        "1234qwer", "qwer1234", "q1w2e3r4", "zaq12wsx", "!qaz2wsx", "asdf1234", "1234abcd", "abcdefgh",
        "abcdefg1", "11112222", "12345678910", "987654321", "password!", "pass1234", "iloveu123", "aaaaaaaa",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var p = password?.Trim() ?? "";
        var tooCommon = Common.Contains(p)
            || p.Distinct().Count() <= 2
            || (!string.IsNullOrEmpty(user.Email) && p.Equals(user.Email, StringComparison.OrdinalIgnoreCase))
            || (!string.IsNullOrEmpty(user.Email) && p.Equals(user.Email.Split('@')[0], StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(tooCommon
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = manager.ErrorDescriber is LocalizedIdentityErrorDescriber l ? l.PasswordTooCommon().Description : "This password is too common." })
            : IdentityResult.Success);
    }
}

public sealed class MaxLengthPasswordValidator : IPasswordValidator<AppUser>
{
    public const int MaxLength = 128;
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult((password?.Length ?? 0) > MaxLength
            ? IdentityResult.Failed(((LocalizedIdentityErrorDescriber)manager.ErrorDescriber).PasswordTooLong())
            : IdentityResult.Success);
}
