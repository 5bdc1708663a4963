using Microsoft.AspNetCore.Identity;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Infrastructure.Identity;

/// <summary>Identity's messages in the user's language (zh-CN by default).</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private IdentityError E(string code, string key, params object[] args) => new() { Code = code, Description = l[key, args] };

    public override IdentityError DefaultError() => E(nameof(DefaultError), "Identity.DefaultError");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "Identity.DuplicateEmail", email);
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), "Identity.DuplicateEmail", userName);
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "Validation.EmailInvalid");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), "Validation.EmailInvalid");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), "Validation.PasswordTooShort", length);
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "Identity.PasswordMismatch");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Identity.InvalidToken");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Identity.ConcurrencyFailure");
    public IdentityError PasswordTooCommon() => E(CommonPasswordValidator.ErrorCode, "Validation.PasswordTooCommon");
    public IdentityError PasswordTooLong() => E("PasswordTooLong", "Validation.PasswordTooLong", MaxLengthPasswordValidator.MaxLength);
}
