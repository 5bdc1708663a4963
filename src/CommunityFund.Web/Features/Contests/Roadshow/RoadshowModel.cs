using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Contests.Roadshow;

/// <summary>A judge on a contest's panel: a user who holds the Judge role in the tenant.</summary>
public class ContestJudge : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public Guid JudgeId { get; set; }
    public Guid AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

public enum ConflictSource { DeclaredByJudge = 1, RecordedBySecretariat = 2 }

/// <summary>
/// A judge's conflict of interest with one proposal (利益冲突回避). Once recorded, the judge can neither open nor score
/// the proposal, and any sheet they entered before is left out of aggregation (invariant 7). Never deleted.
/// </summary>
public class ConflictDeclaration : ITenantOwned, IAppendOnly
{
    public const int ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public Guid ProposalId { get; set; }
    public Guid JudgeId { get; set; }
    public ConflictSource Source { get; set; }
    public string Reason { get; set; } = "";
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public enum SheetStatus { Draft = 0, Submitted = 1 }

/// <summary>One judge's scoring sheet for one proposal. Submitting locks it; only the secretariat unlocks, with a reason.</summary>
public class ScoreSheet : ITenantOwned
{
    public const int CommentMax = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public Guid ProposalId { get; set; }
    public Guid JudgeId { get; set; }
    public SheetStatus Status { get; set; }
    /// <summary>Criterion id → score (JSON object); a draft may leave criteria out.</summary>
    public string ScoresJson { get; set; } = "{}";
    public string Comment { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Version { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Dictionary<string, decimal> GetScores() => JsonSerializer.Deserialize<Dictionary<string, decimal>>(ScoresJson, Json) ?? [];

    public void SetScores(IReadOnlyDictionary<string, decimal> scores) => ScoresJson = JsonSerializer.Serialize(scores, Json);
}

public enum SheetEventKind { Saved = 1, Submitted = 2, Unlocked = 3 }

/// <summary>The sheet's history: every save, submission and unlock with what the sheet held at that moment. Append-only.</summary>
public class ScoreSheetEvent : ITenantOwned, IAppendOnly
{
    public const int ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid SheetId { get; set; }
    public SheetEventKind Kind { get; set; }
    public string ScoresJson { get; set; } = "{}";
    public string Comment { get; set; } = "";
    public string? Reason { get; set; }
    public Guid ActorId { get; set; }
    public DateTimeOffset At { get; set; }
}

public class RoadshowConfiguration :
    IEntityTypeConfiguration<ContestJudge>, IEntityTypeConfiguration<ConflictDeclaration>,
    IEntityTypeConfiguration<ScoreSheet>, IEntityTypeConfiguration<ScoreSheetEvent>
{
    public void Configure(EntityTypeBuilder<ContestJudge> b)
    {
        b.ToTable("ContestJudges");
        b.HasIndex(j => new { j.TenantId, j.ContestId, j.JudgeId }).IsUnique();
        b.HasOne<Setup.Contest>().WithMany().HasForeignKey(j => j.ContestId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConflictDeclaration> b)
    {
        b.ToTable("ConflictDeclarations");
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Reason).HasMaxLength(ConflictDeclaration.ReasonMax).IsRequired();
        b.HasIndex(c => new { c.TenantId, c.ContestId, c.JudgeId, c.ProposalId });
        b.HasIndex(c => new { c.TenantId, c.ProposalId });
        b.HasOne<Proposals.Proposal>().WithMany().HasForeignKey(c => c.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ScoreSheet> b)
    {
        b.ToTable("ScoreSheets");
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ScoresJson).HasColumnType("longtext").IsRequired();
        b.Property(s => s.Comment).HasMaxLength(ScoreSheet.CommentMax).IsRequired();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => new { s.TenantId, s.ProposalId, s.JudgeId }).IsUnique();
        b.HasIndex(s => new { s.TenantId, s.ContestId, s.Status });
        b.HasOne<Proposals.Proposal>().WithMany().HasForeignKey(s => s.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ScoreSheetEvent> b)
    {
        b.ToTable("ScoreSheetEvents");
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ScoresJson).HasColumnType("longtext").IsRequired();
        b.Property(e => e.Comment).HasMaxLength(ScoreSheet.CommentMax).IsRequired();
        b.Property(e => e.Reason).HasMaxLength(ScoreSheetEvent.ReasonMax);
        b.HasIndex(e => new { e.TenantId, e.SheetId, e.At });
        b.HasOne<ScoreSheet>().WithMany().HasForeignKey(e => e.SheetId).OnDelete(DeleteBehavior.Restrict);
    }
}
