using System.Globalization;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>Every field of <see cref="ProposalContent"/> that is compared, in the order the proposal reads.</summary>
public enum ProposalField
{
    Title, Category, Need, Goals, BeneficiariesWho, BeneficiariesCount, ActivityPlan, StartDate, EndDate, CoFunding, RequestedAmount,
}

/// <summary>One field in two versions, shown as text (amounts as ¥1,234.50, dates as yyyy-MM-dd).</summary>
public sealed record FieldComparison(ProposalField Field, string Before, string After)
{
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}

public enum LineChange { Unchanged, Changed, Added, Removed }

/// <summary>A budget line matched by its item name across two versions; <see cref="Before"/> or <see cref="After"/> is null when added or removed.</summary>
public sealed record LineComparison(LineChange Change, string Item, BudgetLine? Before, BudgetLine? After)
{
    public bool KindChanged => Before is not null && After is not null && Before.Kind != After.Kind;
    public bool UnitPriceChanged => Before is not null && After is not null && Before.UnitPrice != After.UnitPrice;
    public bool QuantityChanged => Before is not null && After is not null && Before.Quantity != After.Quantity;
    public decimal SubtotalChange => (After?.Subtotal ?? 0) - (Before?.Subtotal ?? 0);
}

public sealed record ProposalComparison(IReadOnlyList<FieldComparison> Fields, IReadOnlyList<LineComparison> Lines)
{
    public bool AnyChange => Fields.Any(f => f.Changed) || Lines.Any(l => l.Change != LineChange.Unchanged);
}

/// <summary>
/// Compares two versions of a proposal field by field, and their budgets line by line. Lines are matched by item name
/// (ignoring surrounding spaces and letter case), so a reordered budget shows no change; when two lines share a name
/// they are matched in order. Lines appear in the later version's order, removed lines last.
/// </summary>
public static class ProposalDiff
{
    public static ProposalComparison Compare(ProposalContent before, ProposalContent after)
    {
        var fields = Enum.GetValues<ProposalField>().Select(f => new FieldComparison(f, Text(before, f), Text(after, f))).ToList();

        var unmatched = before.Lines
            .GroupBy(l => Key(l.Item))
            .ToDictionary(g => g.Key, g => new Queue<BudgetLine>(g));
        var lines = new List<LineComparison>();
        foreach (var line in after.Lines)
        {
            if (unmatched.TryGetValue(Key(line.Item), out var queue) && queue.TryDequeue(out var old))
            {
                var same = old.Kind == line.Kind && old.UnitPrice == line.UnitPrice && old.Quantity == line.Quantity
                           && string.Equals(old.Item, line.Item, StringComparison.Ordinal);
                lines.Add(new LineComparison(same ? LineChange.Unchanged : LineChange.Changed, line.Item, old, line));
            }
            else
            {
                lines.Add(new LineComparison(LineChange.Added, line.Item, null, line));
            }
        }
        // Removed lines, in the earlier version's order.
        var left = unmatched.Values.SelectMany(q => q).ToHashSet(ReferenceEqualityComparer.Instance);
        lines.AddRange(before.Lines.Where(left.Contains).Select(l => new LineComparison(LineChange.Removed, l.Item, l, null)));
        return new ProposalComparison(fields, lines);
    }

    private static string Key(string item) => item.Trim().ToUpperInvariant();

    public static string Text(ProposalContent c, ProposalField field) => field switch
    {
        ProposalField.Title => c.Title,
        ProposalField.Category => c.Category,
        ProposalField.Need => c.Need,
        ProposalField.Goals => c.Goals,
        ProposalField.BeneficiariesWho => c.BeneficiariesWho,
        ProposalField.BeneficiariesCount => c.BeneficiariesCount.ToString(CultureInfo.InvariantCulture),
        ProposalField.ActivityPlan => c.ActivityPlan,
        ProposalField.StartDate => c.StartDate is { } s ? Formats.Date(s) : "",
        ProposalField.EndDate => c.EndDate is { } e ? Formats.Date(e) : "",
        ProposalField.CoFunding => Formats.Money(c.CoFunding),
        ProposalField.RequestedAmount => Formats.Money(c.RequestedAmount),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
