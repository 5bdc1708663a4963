using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Ratings;

/// <summary>好差评: how the party served rates a hand-off, from 非常满意 to 非常不满意.</summary>
public enum RatingLevel { VerySatisfied = 1, Satisfied = 2, BasicallySatisfied = 3, Dissatisfied = 4, VeryDissatisfied = 5 }

/// <summary>What the secretariat records about a poor rating: that it called the rater back, and what it fixed.</summary>
public enum RatingResponseKind { Callback = 1, Fix = 2 }

/// <summary>
/// One rating of one completed hand-off (a closed pending step) by a member of the organisation it served. Round 1 is
/// the rating; round 2 the one follow-up allowed after a poor rating was fixed. Never changed once given.
/// </summary>
public class ServiceRating : ITenantOwned, IAppendOnly
{
    public const int CommentMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid StepId { get; set; }
    public TimedStep Step { get; set; }
    public Guid OrganisationId { get; set; }
    public int Round { get; set; } = 1;
    public RatingLevel Level { get; set; }
    public string TagsJson { get; set; } = "[]";
    public string Comment { get; set; } = "";
    public Guid RaterId { get; set; }
    public DateTimeOffset At { get; set; }

    public IReadOnlyList<string> Tags => JsonSerializer.Deserialize<List<string>>(TagsJson) ?? [];
}

/// <summary>The secretariat's callback or fix on a poor rating, with its note. Never changed once recorded.</summary>
public class RatingResponse : ITenantOwned, IAppendOnly
{
    public const int NoteMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid RatingId { get; set; }
    public RatingResponseKind Kind { get; set; }
    public string Note { get; set; } = "";
    public Guid By { get; set; }
    public DateTimeOffset At { get; set; }
}

public class ServiceRatingConfiguration : IEntityTypeConfiguration<ServiceRating>, IEntityTypeConfiguration<RatingResponse>
{
    public void Configure(EntityTypeBuilder<ServiceRating> b)
    {
        b.ToTable("ServiceRatings");
        b.Property(r => r.Step).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Level).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.TagsJson).HasMaxLength(500).IsRequired();
        b.Property(r => r.Comment).HasMaxLength(ServiceRating.CommentMax).IsRequired();
        // One rating and at most one follow-up per step, whoever races to give it.
        b.HasIndex(r => new { r.TenantId, r.StepId, r.Round }).IsUnique();
        b.HasIndex(r => new { r.TenantId, r.At });
    }

    public void Configure(EntityTypeBuilder<RatingResponse> b)
    {
        b.ToTable("RatingResponses");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.Note).HasMaxLength(RatingResponse.NoteMax).IsRequired();
        b.HasIndex(r => new { r.TenantId, r.RatingId, r.Kind }).IsUnique();
    }
}

/// <summary>The rules of 好差评 (seeds 000 and 004): which hand-offs are rated, what counts as poor, and the time limits that follow.</summary>
public static class RatingRules
{
    /// <summary>Working days to call a poor rater back, and to fix what they reported.</summary>
    public const int CallbackDays = 1, FixDays = 15;

    /// <summary>Hand-offs that serve an organisation: screening its proposal, reviewing its claim, paying it, reviewing its report.</summary>
    public static readonly IReadOnlySet<TimedStep> Rated = new HashSet<TimedStep> { TimedStep.Screening, TimedStep.ClaimReview, TimedStep.Payment, TimedStep.ReportReview };

    /// <summary>How long after a hand-off it may still be rated.</summary>
    public const int RateWithinDays = 90;

    public static bool IsPoor(RatingLevel level) => level is RatingLevel.Dissatisfied or RatingLevel.VeryDissatisfied;

    /// <summary>The tags a rater may pick at each level (keys of the ratings resource, "Tag.{key}").</summary>
    public static IReadOnlyList<string> TagsFor(RatingLevel level) => level switch
    {
        RatingLevel.VerySatisfied or RatingLevel.Satisfied => ["Fast", "Clear", "Courteous", "OneVisit"],
        RatingLevel.BasicallySatisfied => ["OnTime", "NeedsClearerGuidance", "SlowReply"],
        _ => ["TooSlow", "Unclear", "BackAndForth", "Impolite", "NotFixed"],
    };
}

/// <summary>
/// Which organisation a hand-off served: the area that owns the subject (a proposal, claim, tranche or report) answers
/// for its steps, so ratings know who may rate without importing the areas. Implemented by each area, registered in its AddX().
/// </summary>
public interface IServedOrganisations
{
    /// <summary>Subject → organisation for the subjects of <paramref name="step"/> this area owns (others are left out).</summary>
    Task<IReadOnlyDictionary<Guid, Guid>> ForAsync(TimedStep step, IReadOnlyCollection<Guid> subjectIds, CancellationToken ct);
}

public static class ServedOrganisations
{
    public static async Task<Dictionary<Guid, Guid>> ForAsync(IEnumerable<IServedOrganisations> areas, IEnumerable<PendingStep> steps, CancellationToken ct)
    {
        var result = new Dictionary<Guid, Guid>();
        foreach (var group in steps.GroupBy(s => s.Step))
        {
            var subjects = group.Select(s => s.SubjectId).Distinct().ToList();
            foreach (var area in areas)
                foreach (var (subject, organisation) in await area.ForAsync(group.Key, subjects, ct))
                    result.TryAdd(subject, organisation);
        }
        return result;
    }
}
