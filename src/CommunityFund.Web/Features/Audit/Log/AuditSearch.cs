using CommunityFund.Web.Infrastructure.Audit;
namespace CommunityFund.Web.Features.Audit.Log;

/// <summary>
/// The audit log's filters as typed in the query string (?from=…&amp;to=…&amp;person=…&amp;command=…&amp;target=…&amp;outcome=…).
/// Bound as text so a bad value gets a message; the list and the downloads share it.
/// </summary>
public class AuditSearch
{
    public const int MaxTextLength = 100;

    public string? From { get; set; }
    public string? To { get; set; }
    public string? Person { get; set; }
    public string? Command { get; set; }
    public string? Target { get; set; }
    public string? Outcome { get; set; }

    public static bool TryOutcome(string? text, out AuditOutcome outcome) =>
        Enum.TryParse(text, ignoreCase: false, out outcome) && Enum.IsDefined(outcome);

    /// <summary>The rows the filters select (days are China days).</summary>
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> rows)
    {
        if (InputRules.TryDate(From, out var from))
        {
            var start = FundTime.EndOfDay(from.AddDays(-1));
            rows = rows.Where(e => e.At >= start);
        }
        if (InputRules.TryDate(To, out var to))
        {
            var end = FundTime.EndOfDay(to);
            rows = rows.Where(e => e.At < end);
        }
        if (Text(Person) is { } person) rows = rows.Where(e => e.UserEmail != null && e.UserEmail.Contains(person));
        if (Text(Command) is { } command) rows = rows.Where(e => e.Command.Contains(command));
        if (Text(Target) is { } target) rows = rows.Where(e => e.Target != null && e.Target.Contains(target));
        if (TryOutcome(Text(Outcome), out var outcome)) rows = rows.Where(e => e.Outcome == outcome);
        return rows;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The filters as route values, for links that keep them (pager, downloads).</summary>
    public Dictionary<string, string> RouteValues()
    {
        var values = new Dictionary<string, string>();
        void Add(string key, string? value) { if (Text(value) is { } v) values[key] = v; }
        Add("from", From);
        Add("to", To);
        Add("person", Person);
        Add("command", Command);
        Add("target", Target);
        Add("outcome", Outcome);
        return values;
    }

    /// <summary>"Grants.Claims.SettleModel+SettleCommand" → "Claims · SettleModel+SettleCommand": the area is the menu, the rest says what.</summary>
    public static string ShortCommand(string command)
    {
        var parts = command.Split('.');
        return parts.Length >= 3 ? string.Join(" · ", parts[^2], parts[^1]) : command;
    }
}

/// <summary>Included by every request that carries audit filters.</summary>
public sealed class AuditSearchValidator : AbstractValidator<AuditSearch>
{
    public AuditSearchValidator(IStringLocalizer<AuditResource> t, IStringLocalizer<KernelResource> k)
    {
        RuleFor(f => f.From).Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => k["Date.Invalid"]);
        RuleFor(f => f.To).Cascade(CascadeMode.Stop)
            .Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => k["Date.Invalid"])
            .Must((f, to) => !InputRules.TryDate(f.From, out var from) || !InputRules.TryDate(to, out var end) || from <= end)
            .WithMessage(_ => t["Audit.RangeReversed"]);
        RuleFor(f => f.Person).Must(Short).WithMessage(_ => t["Audit.TooLong", AuditSearch.MaxTextLength]);
        RuleFor(f => f.Command).Must(Short).WithMessage(_ => t["Audit.TooLong", AuditSearch.MaxTextLength]);
        RuleFor(f => f.Target).Must(Short).WithMessage(_ => t["Audit.TooLong", AuditSearch.MaxTextLength]);
        RuleFor(f => f.Outcome).Must(o => string.IsNullOrWhiteSpace(o) || AuditSearch.TryOutcome(o.Trim(), out _)).WithMessage(_ => t["Audit.UnknownOutcome"]);
    }

    private static bool Short(string? s) => s is null || s.Trim().Length <= AuditSearch.MaxTextLength;
}
