using System.Text.RegularExpressions;

namespace CommunityFund.Web.Features.Contests.Organisations;

/// <summary>What a person types about an organisation, whether it registers itself or the secretariat collects it on a visit.</summary>
public abstract class OrganisationFields
{
    public string Name { get; set; } = "";
    public string CreditCode { get; set; } = "";
    /// <summary>Bound as text so an unknown value gets our message, not the model binder's.</summary>
    public string Category { get; set; } = "";
    public string ContactPerson { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Address { get; set; } = "";

    /// <summary>The organisation these fields describe, as it is stored (fields validated first).</summary>
    public Organisation ToOrganisation() => new()
    {
        Name = Name.Trim(),
        CreditCode = UnifiedSocialCreditCode.Parse(CreditCode).Value,
        Category = Enum.Parse<OrganisationCategory>(Category),
        ContactPerson = ContactPerson.Trim(),
        Phone = OrganisationRules.NormalisePhone(Phone),
        Address = Address.Trim(),
    };
}

public static partial class OrganisationRules
{
    /// <summary>Mainland mobile (13x–19x, 11 digits) or a landline with its area code (010-12345678, 0755 1234567).</summary>
    [GeneratedRegex("^(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8})$")]
    private static partial Regex PhonePattern();

    /// <summary>Spaces people type between digit groups are dropped; the hyphen after an area code is kept.</summary>
    public static string NormalisePhone(string? phone) => (phone ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();

    public static bool IsPhone(string? phone) => PhonePattern().IsMatch(NormalisePhone(phone));

    public static bool IsCategory(string? category) =>
        category is not null && Enum.GetNames<OrganisationCategory>().Contains(category, StringComparer.Ordinal);
}

/// <summary>The rules both registration forms share: each credit-code problem has its own message; a code is used once per tenant.</summary>
public abstract class OrganisationFieldsValidator<T> : AbstractValidator<T> where T : OrganisationFields
{
    protected OrganisationFieldsValidator(IStringLocalizer<ContestResource> t, AppDbContext db)
    {
        RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Organisations.NameRequired"])
            .MaximumLength(Organisation.NameMax).WithMessage(_ => t["Field.TooLong", Organisation.NameMax]);
        RuleFor(c => c.CreditCode).Cascade(CascadeMode.Stop)
            .Custom((code, context) =>
            {
                var check = UnifiedSocialCreditCode.Validate(code);
                if (!check.IsValid) context.AddFailure(t[check.Key!, check.Position]);
            })
            .MustAsync(async (code, ct) =>
            {
                if (!UnifiedSocialCreditCode.TryParse(code, out var parsed)) return true; // already reported above
                return !await db.Set<Organisation>().AnyAsync(o => o.CreditCode == parsed.Value, ct);
            })
            .WithMessage((_, code) => t["Organisations.CreditCodeTaken", UnifiedSocialCreditCode.Parse(code).Value]);
        RuleFor(c => c.Category).Must(OrganisationRules.IsCategory).WithMessage(_ => t["Organisations.CategoryUnknown"]);
        RuleFor(c => c.ContactPerson).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => t["Organisations.ContactRequired"])
            .MaximumLength(Organisation.ContactMax).WithMessage(_ => t["Field.TooLong", Organisation.ContactMax]);
        RuleFor(c => c.Phone).Cascade(CascadeMode.Stop)
            .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage(_ => t["Organisations.PhoneRequired"])
            .Must(OrganisationRules.IsPhone).WithMessage(_ => t["Organisations.PhoneFormat"]);
        RuleFor(c => c.Address).Must(a => !string.IsNullOrWhiteSpace(a)).WithMessage(_ => t["Organisations.AddressRequired"])
            .MaximumLength(Organisation.AddressMax).WithMessage(_ => t["Field.TooLong", Organisation.AddressMax]);
    }
}
