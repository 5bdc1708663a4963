namespace CommunityFund.Web.Kernel.Input;

public static class EmailAddressRule
{
    /// <summary>The one email rule every form uses: required, ≤ 256 characters, well-formed.</summary>
    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilderInitial<T, string> rule, IStringLocalizer<SharedResource> l) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.EmailRequired"])
            .MaximumLength(256).WithMessage(_ => l["Validation.TooLong", 256])
            .Must(IsValid).WithMessage(_ => l["Validation.EmailInvalid"]);

    /// <summary>One @, a non-empty local part, and a dotted domain without spaces: what a mail server will accept.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        email = email.Trim();
        if (email.Any(char.IsWhiteSpace)) return false;
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1) return false;
        var domain = email[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            && MimeKit.MailboxAddress.TryParse(email, out _);
    }
}
