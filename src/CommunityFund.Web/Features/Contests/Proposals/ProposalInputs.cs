using System.Globalization;
using System.Text.RegularExpressions;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>
/// Whole numbers typed by people (a quantity, a head count). Strict like <see cref="MoneyInput"/>: every kind of
/// mistake has its own problem, so the page can say exactly what is wrong with "-2", "0", "1.5" or "abc".
/// </summary>
public static partial class WholeNumberInput
{
    public const int Max = 1_000_000;

    public enum Problem { None, Empty, FullWidth, NotANumber, Fraction, Negative, Zero, TooLarge }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]*)?$")]
    private static partial Regex Number();

    public static Problem Parse(string? text, out int value)
    {
        value = 0;
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return Problem.Empty;
        if (t.Any(c => c is >= '０' and <= '９' or '．' or '－' or '，')) return Problem.FullWidth;
        if (!Number().IsMatch(t)) return Problem.NotANumber;
        var negative = t.StartsWith('-');
        var digits = negative ? t[1..] : t;
        var isZero = digits.All(c => c is '0' or '.');
        if (isZero) return Problem.Zero;
        if (negative) return Problem.Negative;
        if (digits.Contains('.', StringComparison.Ordinal)) return Problem.Fraction;
        if (digits.Length > 9 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed > Max)
            return Problem.TooLarge;
        value = parsed;
        return Problem.None;
    }
}

/// <summary>Co-funding (自筹/配套资金) may be left empty or be zero; otherwise it is an amount like any other.</summary>
public static partial class CoFundingInput
{
    public enum Problem { None, Negative, Money }

    [GeneratedRegex(@"^0+(\.0{1,2})?$")]
    private static partial Regex Zero();

    [GeneratedRegex(@"^-[0-9]+(\.[0-9]+)?$")]
    private static partial Regex NegativeNumber();

    public static Problem Parse(string? text, out decimal amount, out MoneyInput.Problem money)
    {
        amount = 0;
        money = MoneyInput.Problem.None;
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || Zero().IsMatch(t)) return Problem.None;
        if (NegativeNumber().IsMatch(t)) return Problem.Negative;
        money = MoneyInput.Parse(t, out amount);
        return money == MoneyInput.Problem.None ? Problem.None : Problem.Money;
    }
}

/// <summary>One budget row as the form sends it: every number as text, parsed strictly on the server.</summary>
public sealed class BudgetLineInput
{
    public string Item { get; set; } = "";
    public string Kind { get; set; } = "";
    public string UnitPrice { get; set; } = "";
    public string Quantity { get; set; } = "";

    /// <summary>A row the user added and left empty is ignored rather than refused.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Item) && string.IsNullOrWhiteSpace(UnitPrice) && string.IsNullOrWhiteSpace(Quantity);

    public static bool IsKind(string? kind) => kind is not null && Enum.GetNames<BudgetKind>().Contains(kind, StringComparer.Ordinal);
}

/// <summary>
/// What an organisation types into a proposal. Numbers, amounts and dates are bound as text so each mistake gets its
/// own message; <see cref="ToContent"/> turns the validated form into the stored <see cref="ProposalContent"/>.
/// </summary>
public abstract class ProposalFields
{
    public const int MaxLines = 50, CategoryMax = 50;

    public string Title { get; set; } = "";
    public string Category { get; set; } = "";
    public string Need { get; set; } = "";
    public string Goals { get; set; } = "";
    public string BeneficiariesWho { get; set; } = "";
    public string BeneficiariesCount { get; set; } = "";
    public string ActivityPlan { get; set; } = "";
    public string StartDate { get; set; } = "";
    public string EndDate { get; set; } = "";
    public string CoFunding { get; set; } = "";
    public List<BudgetLineInput> Lines { get; set; } = [];

    public void LoadFrom(ProposalContent c)
    {
        Title = c.Title;
        Category = c.Category;
        Need = c.Need;
        Goals = c.Goals;
        BeneficiariesWho = c.BeneficiariesWho;
        BeneficiariesCount = c.BeneficiariesCount == 0 ? "" : c.BeneficiariesCount.ToString(CultureInfo.InvariantCulture);
        ActivityPlan = c.ActivityPlan;
        StartDate = c.StartDate is { } s ? Formats.Date(s) : "";
        EndDate = c.EndDate is { } e ? Formats.Date(e) : "";
        CoFunding = c.CoFunding == 0 ? "" : Amount(c.CoFunding);
        Lines = [.. c.Lines.Select(l => new BudgetLineInput
        {
            Item = l.Item, Kind = l.Kind.ToString(), UnitPrice = Amount(l.UnitPrice), Quantity = l.Quantity.ToString(CultureInfo.InvariantCulture),
        })];
    }

    /// <summary>The content of a form the validator has accepted; blank rows are dropped.</summary>
    public ProposalContent ToContent()
    {
        _ = WholeNumberInput.Parse(BeneficiariesCount, out var count);
        _ = CoFundingInput.Parse(CoFunding, out var coFunding, out _);
        return new ProposalContent
        {
            Title = Clean(Title),
            Category = Clean(Category),
            Need = Clean(Need),
            Goals = Clean(Goals),
            BeneficiariesWho = Clean(BeneficiariesWho),
            BeneficiariesCount = count,
            ActivityPlan = Clean(ActivityPlan),
            StartDate = InputRules.TryDate(StartDate, out var start) ? start : null,
            EndDate = InputRules.TryDate(EndDate, out var end) ? end : null,
            CoFunding = coFunding,
            Lines = [.. (Lines ?? []).Where(l => !l.IsBlank).Select(l => new BudgetLine(
                Clean(l.Item), Enum.Parse<BudgetKind>(l.Kind), InputRules.Amount(l.UnitPrice), Quantity(l.Quantity)))],
        };

        static int Quantity(string text) =>
            WholeNumberInput.Parse(text, out var q) == WholeNumberInput.Problem.None ? q : throw new InvalidOperationException("Quantities are validated before use.");
    }

    public static string Clean(string? text) => (text ?? "").Trim();

    public static string Amount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// The rules every save of a proposal form obeys. A draft may be incomplete, but whatever is typed must make sense:
/// numbers parse, amounts are amounts, texts fit, end is not before start. Completeness is checked on submission
/// (<see cref="ProposalChecks.ForSubmission"/>).
/// </summary>
public abstract class ProposalFieldsValidator<T> : AbstractValidator<T> where T : ProposalFields
{
    protected ProposalFieldsValidator(IStringLocalizer<ProposalResource> t, IStringLocalizer<KernelResource> l)
    {
        RuleFor(c => c.Title).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => t["Proposals.TitleRequired"])
            .Must(s => ProposalFields.Clean(s).Length <= ProposalContent.TitleMax).WithMessage(_ => t["Field.TooLong", ProposalContent.TitleMax]);
        RuleFor(c => c.Category).Must(s => ProposalFields.Clean(s).Length <= ProposalFields.CategoryMax)
            .WithMessage(_ => t["Field.TooLong", ProposalFields.CategoryMax]);
        RuleFor(c => c.Need).Must(Fits(ProposalContent.TextMax)).WithMessage(_ => t["Field.TooLong", ProposalContent.TextMax]);
        RuleFor(c => c.Goals).Must(Fits(ProposalContent.TextMax)).WithMessage(_ => t["Field.TooLong", ProposalContent.TextMax]);
        RuleFor(c => c.ActivityPlan).Must(Fits(ProposalContent.TextMax)).WithMessage(_ => t["Field.TooLong", ProposalContent.TextMax]);
        RuleFor(c => c.BeneficiariesWho).Must(Fits(ProposalContent.WhoMax)).WithMessage(_ => t["Field.TooLong", ProposalContent.WhoMax]);
        RuleFor(c => c.BeneficiariesCount).Custom((text, context) =>
        {
            var problem = WholeNumberInput.Parse(text, out _);
            // An empty or zero head count is fine in a draft; submission asks for it.
            if (problem is not (WholeNumberInput.Problem.None or WholeNumberInput.Problem.Empty or WholeNumberInput.Problem.Zero))
                context.AddFailure(nameof(ProposalFields.BeneficiariesCount), t["Beneficiaries." + problem, WholeNumberInput.Max]);
        });
        RuleFor(c => c.StartDate).ValidDate(l).When(c => !string.IsNullOrWhiteSpace(c.StartDate));
        RuleFor(c => c.EndDate).ValidDate(l).When(c => !string.IsNullOrWhiteSpace(c.EndDate));
        RuleFor(c => c.EndDate)
            .Must((c, end) => InputRules.Date(end) >= InputRules.Date(c.StartDate))
            .When(c => InputRules.TryDate(c.StartDate, out _) && InputRules.TryDate(c.EndDate, out _))
            .WithMessage(_ => t["Check.EndBeforeStart"]);
        RuleFor(c => c.CoFunding).Custom((text, context) =>
        {
            switch (CoFundingInput.Parse(text, out _, out var money))
            {
                case CoFundingInput.Problem.Negative:
                    context.AddFailure(nameof(ProposalFields.CoFunding), t["Proposals.CoFundingNegative"]);
                    break;
                case CoFundingInput.Problem.Money:
                    context.AddFailure(nameof(ProposalFields.CoFunding), l[MoneyInput.MessageKey(money)]);
                    break;
            }
        });
        RuleFor(c => c.Lines).Custom((lines, context) =>
        {
            lines ??= [];
            var used = lines.Count(x => !x.IsBlank);
            if (used > ProposalFields.MaxLines)
            {
                context.AddFailure(nameof(ProposalFields.Lines), t["Check.TooManyLines", ProposalFields.MaxLines]);
                return;
            }
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (line.IsBlank) continue;
                var row = i + 1;
                var at = $"{nameof(ProposalFields.Lines)}[{i}].";
                var item = ProposalFields.Clean(line.Item);
                if (item.Length == 0) context.AddFailure(at + nameof(BudgetLineInput.Item), t["Line.ItemRequired", row]);
                else if (item.Length > ProposalContent.ItemMax) context.AddFailure(at + nameof(BudgetLineInput.Item), t["Line.ItemTooLong", row, ProposalContent.ItemMax]);
                if (!BudgetLineInput.IsKind(line.Kind)) context.AddFailure(at + nameof(BudgetLineInput.Kind), t["Line.KindRequired", row]);
                var price = MoneyInput.Parse(line.UnitPrice, out _);
                if (price != MoneyInput.Problem.None)
                    context.AddFailure(at + nameof(BudgetLineInput.UnitPrice), t["Line.UnitPrice", row, l[MoneyInput.MessageKey(price)]]);
                var quantity = WholeNumberInput.Parse(line.Quantity, out _);
                if (quantity != WholeNumberInput.Problem.None)
                    context.AddFailure(at + nameof(BudgetLineInput.Quantity), t["Quantity." + quantity, row, WholeNumberInput.Max]);
            }
        });
    }

    private static Func<string, bool> Fits(int max) => s => ProposalFields.Clean(s).Length <= max;
}
