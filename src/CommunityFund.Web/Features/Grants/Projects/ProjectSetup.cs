
namespace CommunityFund.Web.Features.Grants.Projects;

/// <summary>What every new project gets, however it was created: its budget lines and the default tranche plan.</summary>
public static class ProjectSetup
{
    public static void AddLines(AppDbContext db, Project project, IEnumerable<(string Item, BudgetKind Kind, decimal Amount, decimal? Proposed)> lines)
    {
        var position = 0;
        foreach (var (item, kind, amount, proposed) in lines)
        {
            var text = item.Trim();
            db.Add(new ProjectBudgetLine
            {
                ProjectId = project.Id, Position = ++position, Item = text.Length > ProjectBudgetLine.ItemMax ? text[..ProjectBudgetLine.ItemMax] : text,
                Kind = kind, Approved = amount, Proposed = proposed,
            });
        }
    }

    /// <summary>50 / 30 / 20 on signing, mid-term and final acceptance; amounts to the cent, the last one taking the remainder.</summary>
    public static void AddDefaultPlan(AppDbContext db, Project project)
    {
        var amounts = TranchePlan.Amounts(project.ApprovedAmount, TranchePlan.Default.Select(p => p.Percent).ToList());
        for (var i = 0; i < TranchePlan.Default.Count; i++)
        {
            db.Add(new Tranche
            {
                ProjectId = project.Id, Sequence = i + 1, Percent = TranchePlan.Default[i].Percent, Amount = amounts[i],
                Condition = TranchePlan.Default[i].Condition, Status = TrancheStatus.Planned,
            });
        }
    }
}

/// <summary>Form values bound as text and parsed strictly, so each mistake gets its own message.</summary>
public static class ProjectInputs
{
    public static bool TryEnum<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: false, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryEnum<TEnum>(text, out var value) ? value : throw new InvalidOperationException("Values are validated before use.");

    public static bool TryPercent(string? text, out int percent) =>
        int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out percent) && percent is >= 1 and <= 100;

    public static bool TryId(string? text, out Guid id) => Guid.TryParse(text?.Trim(), out id);
}
