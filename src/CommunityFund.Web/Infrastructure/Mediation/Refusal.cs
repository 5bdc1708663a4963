using FluentValidation.Results;

namespace CommunityFund.Web.Infrastructure.Mediation;

/// <summary>
/// The one way a handler refuses what the user asked for: a validation failure the page shows beside the form (or at
/// its top when no field is named), in the user's language, with nothing saved.
/// </summary>
public static class Refusal
{
    public static ValidationException Because(string message, string property = "") => new([new ValidationFailure(property, message)]);

    public static ValidationException Because(IEnumerable<string> messages) =>
        new(messages.Select(m => new ValidationFailure("", m)).ToList());
}
