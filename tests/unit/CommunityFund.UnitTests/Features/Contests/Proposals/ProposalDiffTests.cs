using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;

namespace CommunityFund.UnitTests.Features.Contests.Proposals;

public class ProposalDiffTests
{
    private static readonly ProposalContent V1 = ContestWorld.SampleContent() with
    {
        StartDate = new DateOnly(2026, 3, 1),
        EndDate = new DateOnly(2026, 6, 30),
    };

    [Fact]
    public void Identical_versions_show_no_change()
    {
        var diff = ProposalDiff.Compare(V1, V1 with { });
        Assert.False(diff.AnyChange);
        Assert.All(diff.Fields, f => Assert.False(f.Changed));
        Assert.All(diff.Lines, l => Assert.Equal(LineChange.Unchanged, l.Change));
        Assert.Equal(Enum.GetValues<ProposalField>().Length, diff.Fields.Count);
    }

    [Fact]
    public void Every_changed_field_is_marked_and_shown_as_text()
    {
        var v2 = V1 with { Title = "困境儿童课后托管（修订）", BeneficiariesCount = 45, EndDate = new DateOnly(2026, 7, 31), CoFunding = 3500.5m };
        var diff = ProposalDiff.Compare(V1, v2);

        var changed = diff.Fields.Where(f => f.Changed).ToDictionary(f => f.Field);
        Assert.Equal([ProposalField.Title, ProposalField.BeneficiariesCount, ProposalField.EndDate, ProposalField.CoFunding], changed.Keys.Order());
        Assert.Equal(("40", "45"), (changed[ProposalField.BeneficiariesCount].Before, changed[ProposalField.BeneficiariesCount].After));
        Assert.Equal(("2026-06-30", "2026-07-31"), (changed[ProposalField.EndDate].Before, changed[ProposalField.EndDate].After));
        Assert.Equal(("¥2,000.00", "¥3,500.50"), (changed[ProposalField.CoFunding].Before, changed[ProposalField.CoFunding].After));
        Assert.False(diff.Fields.Single(f => f.Field == ProposalField.RequestedAmount).Changed);
        Assert.True(diff.AnyChange);
    }

    [Fact]
    public void Budget_lines_are_matched_by_item_name_into_added_removed_and_changed()
    {
        var before = V1 with
        {
            Lines = [new BudgetLine("辅导老师劳务费", BudgetKind.Labour, 200m, 50), new BudgetLine("学习用品", BudgetKind.Materials, 50m, 40), new BudgetLine("场地租金", BudgetKind.Venue, 300m, 10)],
        };
        var after = V1 with
        {
            // reordered, one changed (quantity), one removed (场地租金), one added (宣传海报); name matching ignores case and spaces
            Lines = [new BudgetLine(" 学习用品 ", BudgetKind.Materials, 50m, 40), new BudgetLine("辅导老师劳务费", BudgetKind.Labour, 200m, 45), new BudgetLine("宣传海报", BudgetKind.Publicity, 120m, 5)],
        };

        var diff = ProposalDiff.Compare(before, after);

        Assert.Equal(
            [(LineChange.Changed, " 学习用品 "), (LineChange.Changed, "辅导老师劳务费"), (LineChange.Added, "宣传海报"), (LineChange.Removed, "场地租金")],
            diff.Lines.Select(l => (l.Change, l.Item)));
        var fee = diff.Lines[1];
        Assert.True(fee.QuantityChanged);
        Assert.False(fee.UnitPriceChanged);
        Assert.False(fee.KindChanged);
        Assert.Equal(-1000m, fee.SubtotalChange);
        Assert.Null(diff.Lines[2].Before);
        Assert.Equal(600m, diff.Lines[2].SubtotalChange);
        Assert.Null(diff.Lines[3].After);
        Assert.Equal(-3000m, diff.Lines[3].SubtotalChange);
        var requested = diff.Fields.Single(f => f.Field == ProposalField.RequestedAmount);
        Assert.Equal(("¥15,000.00", "¥11,600.00"), (requested.Before, requested.After));
    }

    [Fact]
    public void A_changed_price_or_kind_counts_as_a_change_and_lines_sharing_a_name_pair_in_order()
    {
        var before = V1 with { Lines = [new BudgetLine("交通", BudgetKind.Transport, 20m, 10), new BudgetLine("交通", BudgetKind.Transport, 30m, 10)] };
        var after = V1 with { Lines = [new BudgetLine("交通", BudgetKind.Other, 20m, 10), new BudgetLine("交通", BudgetKind.Transport, 35m, 10), new BudgetLine("交通", BudgetKind.Transport, 1m, 1)] };

        var diff = ProposalDiff.Compare(before, after);

        Assert.Equal([LineChange.Changed, LineChange.Changed, LineChange.Added], diff.Lines.Select(l => l.Change));
        Assert.True(diff.Lines[0].KindChanged);
        Assert.False(diff.Lines[0].UnitPriceChanged);
        Assert.True(diff.Lines[1].UnitPriceChanged);
        Assert.Equal(30m, diff.Lines[1].Before!.UnitPrice);
    }

    [Fact]
    public void Comparing_against_an_empty_budget_adds_or_removes_every_line()
    {
        var empty = V1 with { Lines = [] };
        Assert.All(ProposalDiff.Compare(empty, V1).Lines, l => Assert.Equal(LineChange.Added, l.Change));
        Assert.All(ProposalDiff.Compare(V1, empty).Lines, l => Assert.Equal(LineChange.Removed, l.Change));
        Assert.Equal(2, ProposalDiff.Compare(V1, empty).Lines.Count);
    }
}
