using CommunityFund.Web.Features.Ledger.Accounts;

namespace CommunityFund.Web.Features.Ledger.Journal;

/// <summary>
/// The journal filters as typed in the query string (?from=2021-03-01&amp;fund=…&amp;kind=Donation&amp;q=…). Bound as text so a bad
/// value gets a message instead of MVC's English conversion error; the list and the exports share it.
/// </summary>
public class JournalFilterInput
{
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Fund { get; set; }
    public string? Account { get; set; }
    public string? Kind { get; set; }
    public string? Q { get; set; }

    public JournalFilter ToFilter() => new(
        InputRules.TryDate(From, out var from) ? from : null,
        InputRules.TryDate(To, out var to) ? to : null,
        Guid.TryParse(Fund, out var fund) ? fund : null,
        Guid.TryParse(Account, out var account) ? account : null,
        Books.TryParseKind(Kind, out var kind) ? kind : null,
        string.IsNullOrWhiteSpace(Q) ? null : Q.Trim());

    /// <summary>The filter as route values, for links that keep it (pager, exports).</summary>
    public Dictionary<string, string> RouteValues()
    {
        var values = new Dictionary<string, string>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) values[key] = value.Trim(); }
        Add("from", From);
        Add("to", To);
        Add("fund", Fund);
        Add("account", Account);
        Add("kind", Kind);
        Add("q", Q);
        return values;
    }
}

/// <summary>Included by every request that carries journal filters.</summary>
public sealed class JournalFilterValidator : AbstractValidator<JournalFilterInput>
{
    public const int MaxTextLength = 100;

    public JournalFilterValidator(AppDbContext db, IStringLocalizer<LedgerBooksResource> l)
    {
        RuleFor(f => f.From).Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"]);
        RuleFor(f => f.To).Cascade(CascadeMode.Stop)
            .Must(d => string.IsNullOrWhiteSpace(d) || InputRules.TryDate(d, out _)).WithMessage(_ => l["Books.Validation.Date"])
            .Must((f, to) => !InputRules.TryDate(f.From, out var from) || !InputRules.TryDate(to, out var end) || from <= end)
            .WithMessage(_ => l["Books.Validation.RangeReversed"]);
        RuleFor(f => f.Fund).Cascade(CascadeMode.Stop)
            .MustAsync(async (text, ct) => string.IsNullOrWhiteSpace(text) || (Guid.TryParse(text, out var id) && await db.Set<Fund>().AnyAsync(x => x.Id == id, ct)))
            .WithMessage(_ => l["Books.Validation.UnknownFund"]);
        RuleFor(f => f.Account)
            .MustAsync(async (text, ct) => string.IsNullOrWhiteSpace(text) || (Guid.TryParse(text, out var id) && await db.Set<LedgerAccount>().AnyAsync(x => x.Id == id, ct)))
            .WithMessage(_ => l["Books.Validation.UnknownAccount"]);
        RuleFor(f => f.Kind).Must(k => string.IsNullOrWhiteSpace(k) || Books.TryParseKind(k, out _)).WithMessage(_ => l["Books.Journal.UnknownKind"]);
        RuleFor(f => f.Q).Must(q => q is null || q.Trim().Length <= MaxTextLength).WithMessage(_ => l["Books.Validation.TooLong", MaxTextLength]);
    }
}
