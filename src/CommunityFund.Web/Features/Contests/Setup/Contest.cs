using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CommunityFund.Web.Features.Contests.Scoring;
using CommunityFund.Web.Features.Contests.Stages;

namespace CommunityFund.Web.Features.Contests.Setup;

/// <summary>
/// One round of the community public-welfare proposal contest (社区公益提案大赛): what it funds, from which fund, its
/// timetable, the rubric judges score against and how scores are combined. Setup is editable only while Draft.
/// </summary>
public class Contest : ITenantOwned
{
    public const int TitleMax = 100, DescriptionMax = 2000, NoticeDaysMin = 1, NoticeDaysMax = 30, VoteLimitMin = 1, VoteLimitMax = 10;
    public const int DefaultVoteLimit = 3;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Comma-separated theme keys from <see cref="ContestThemes"/>.</summary>
    public string Categories { get; set; } = "";
    public decimal TotalBudget { get; set; }
    public decimal PerProjectCap { get; set; }
    public Guid PayingFundId { get; set; }
    public ContestStage Stage { get; set; } = ContestStage.Draft;
    public DateOnly CollectOpens { get; set; }
    public DateOnly CollectCloses { get; set; }
    public DateOnly RefineUntil { get; set; }
    public DateOnly RoadshowDate { get; set; }
    public DateOnly ScoringCloses { get; set; }
    public int NoticeDays { get; set; }
    /// <summary>The criteria as JSON (see <see cref="GetRubric"/>); kept whole because it is read and written whole.</summary>
    public string RubricJson { get; set; } = "[]";
    public int ExpertWeight { get; set; }
    public int ResidentWeight { get; set; }
    public int TrimWhenAtLeast { get; set; } = TrimmedMean.DefaultTrimWhenAtLeast;
    public int ResidentVoteLimit { get; set; } = DefaultVoteLimit;
    /// <summary>Last proposal number handed out (proposals are numbered 1, 2, 3 … per contest under a row lock).</summary>
    public int ProposalSeq { get; set; }
    /// <summary>Set when the confirmed results are published: the notice runs from <see cref="NoticeStartsAt"/> for NoticeDays.</summary>
    public DateTimeOffset? NoticeStartsAt { get; set; }
    public DateTimeOffset? NoticeEndsAt { get; set; }
    /// <summary>The contest this one was copied from for the next round, if any.</summary>
    public Guid? CopiedFromId { get; set; }
    public int Version { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Rubric GetRubric() => new(JsonSerializer.Deserialize<List<RubricCriterion>>(RubricJson, Json) ?? []);

    public void SetRubric(Rubric rubric) => RubricJson = JsonSerializer.Serialize(rubric.Criteria, Json);

    public IReadOnlyList<string> CategoryList => ContestThemes.Split(Categories);
}

/// <summary>The six themes a contest may fund (DESIGN §4); the key is stored, the Chinese name is what residents know.</summary>
public static class ContestThemes
{
    public static IReadOnlyList<string> All { get; } = ["特殊困难人群帮扶", "助学助困", "妇女儿童关爱", "养老服务", "青少年心理健康", "社区治理"];

    public static bool IsTheme(string? theme) => theme is not null && All.Contains(theme, StringComparer.Ordinal);

    /// <summary>Themes in their canonical order, each once.</summary>
    public static string Join(IEnumerable<string> themes)
    {
        var chosen = themes.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
        return string.Join(',', All.Where(chosen.Contains));
    }

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public class ContestConfiguration : IEntityTypeConfiguration<Contest>
{
    public void Configure(EntityTypeBuilder<Contest> b)
    {
        b.ToTable("Contests");
        b.Property(c => c.Title).HasMaxLength(Contest.TitleMax).IsRequired();
        b.Property(c => c.Description).HasMaxLength(Contest.DescriptionMax).IsRequired();
        b.Property(c => c.Categories).HasMaxLength(200).IsRequired();
        b.Property(c => c.TotalBudget).HasPrecision(18, 2);
        b.Property(c => c.PerProjectCap).HasPrecision(18, 2);
        b.Property(c => c.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.RubricJson).HasColumnType("longtext").IsRequired();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.TenantId, c.CreatedAt });
    }
}
