using Microsoft.EntityFrameworkCore.Storage;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Kernel.Settings;

/// <summary>The steps that have a time limit (限时办结), each in working days.</summary>
public enum TimedStep { Screening = 1, ClaimReview = 2, Approval = 3, Payment = 4, ReportReview = 5, RatingCallback = 6, RatingFix = 7 }

/// <summary>
/// A tenant's grant rules: approval tiers, the committee chair, and time limits per step. One row per tenant; a tenant
/// without a row uses <see cref="Defaults"/>.
/// </summary>
public class GrantSettings : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string ApprovalTiersJson { get; set; } = "[]";
    /// <summary>The committee member who chairs (主任); required among approvers above the top threshold.</summary>
    public Guid? ChairId { get; set; }
    public int ScreeningDays { get; set; } = 5;
    public int ClaimReviewDays { get; set; } = 5;
    public int ApprovalDays { get; set; } = 3;
    public int PaymentDays { get; set; } = 3;
    public int ReportReviewDays { get; set; } = 10;
    public int Version { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ApprovalPolicy GetPolicy() => new(JsonSerializer.Deserialize<List<ApprovalTier>>(ApprovalTiersJson, Json) ?? []);

    public void SetPolicy(ApprovalPolicy policy) => ApprovalTiersJson = JsonSerializer.Serialize(policy.Tiers, Json);

    public int LimitFor(TimedStep step) => step switch
    {
        TimedStep.Screening => ScreeningDays,
        TimedStep.ClaimReview => ClaimReviewDays,
        TimedStep.Approval => ApprovalDays,
        TimedStep.Payment => PaymentDays,
        TimedStep.RatingCallback => Ratings.RatingRules.CallbackDays,
        TimedStep.RatingFix => Ratings.RatingRules.FixDays,
        _ => ReportReviewDays,
    };

    public static GrantSettings Defaults(Guid tenantId)
    {
        var s = new GrantSettings { TenantId = tenantId };
        s.SetPolicy(ApprovalPolicy.Default);
        return s;
    }
}

/// <summary>
/// A day the secretariat entered into the working calendar: a public holiday or adjusted rest day (not a working day),
/// or, with <see cref="IsWorkingDay"/>, a Saturday or Sunday worked in exchange (调休上班).
/// </summary>
public class Holiday : ITenantOwned
{
    public const int NameMax = 50;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public DateOnly Date { get; set; }
    public string Name { get; set; } = "";
    /// <summary>A weekend day worked in exchange for a holiday (调休上班): it counts as a working day.</summary>
    public bool IsWorkingDay { get; set; }
}

/// <summary>Per-tenant gap-free numbers for projects and claims, taken with an upsert under the row lock.</summary>
public class GrantCounter : ITenantOwned
{
    public Guid TenantId { get; set; }
    public int NextProjectNumber { get; set; } = 1;
    public int NextClaimNumber { get; set; } = 1;
}

/// <summary>
/// Per-tenant gap-free numbers 1, 2, 3 … for projects and for claims, taken from the tenant's GrantCounters row with an
/// upsert that holds its row lock until the command's transaction ends.
/// </summary>
public static class GrantNumbers
{
    public static Task<int> NextProjectAsync(AppDbContext db, ITenantContext tenant, CancellationToken ct) =>
        NextAsync(db, tenant, "INSERT INTO GrantCounters (TenantId, NextProjectNumber, NextClaimNumber) VALUES (@t, LAST_INSERT_ID(2), 1) " +
            "ON DUPLICATE KEY UPDATE NextProjectNumber = LAST_INSERT_ID(NextProjectNumber + 1); SELECT LAST_INSERT_ID();", ct);

    public static Task<int> NextClaimAsync(AppDbContext db, ITenantContext tenant, CancellationToken ct) =>
        NextAsync(db, tenant, "INSERT INTO GrantCounters (TenantId, NextProjectNumber, NextClaimNumber) VALUES (@t, 1, LAST_INSERT_ID(2)) " +
            "ON DUPLICATE KEY UPDATE NextClaimNumber = LAST_INSERT_ID(NextClaimNumber + 1); SELECT LAST_INSERT_ID();", ct);

    private static async Task<int> NextAsync(AppDbContext db, ITenantContext tenant, string upsert, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Numbers are taken inside a transaction.");
        var tenantId = (tenant.Current ?? throw new TenantMismatchException("No tenant.")).Id.ToString();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = upsert;
        command.Parameters.Add(new MySqlConnector.MySqlParameter("@t", tenantId));
        // LAST_INSERT_ID(expr) holds the counter's next value; the number taken is one less.
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) - 1;
    }
}

public class GrantSettingsConfiguration : IEntityTypeConfiguration<GrantSettings>, IEntityTypeConfiguration<Holiday>, IEntityTypeConfiguration<GrantCounter>
{
    public void Configure(EntityTypeBuilder<GrantCounter> b)
    {
        b.ToTable("GrantCounters");
        b.HasKey(c => c.TenantId);
    }

    public void Configure(EntityTypeBuilder<GrantSettings> b)
    {
        b.ToTable("GrantSettings");
        b.HasKey(s => s.TenantId);
        b.Property(s => s.ApprovalTiersJson).HasColumnType("longtext").IsRequired();
        b.Property(s => s.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<Holiday> b)
    {
        b.ToTable("Holidays");
        b.Property(h => h.Name).HasMaxLength(Holiday.NameMax).IsRequired();
        b.HasIndex(h => new { h.TenantId, h.Date }).IsUnique();
    }
}
