using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CommunityFund.Web.Features.Contests.Scoring;

namespace CommunityFund.Web.Features.Contests.Awards;

public enum AwardListStatus { Proposed = 0, Confirmed = 1, Withdrawn = 2 }

/// <summary>
/// The award list the secretariat proposes from the ranking (greedy within the budget, cuts with reasons) and the
/// committee confirms. A withdrawn list stays for the record; at most one list per contest is Proposed or Confirmed.
/// </summary>
public class AwardList : ITenantOwned
{
    public const int NoteMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public AwardListStatus Status { get; set; }
    public decimal TotalBudget { get; set; }
    public decimal TotalAwarded { get; set; }
    public Guid PreparedBy { get; set; }
    public DateTimeOffset PreparedAt { get; set; }
    public Guid? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ConfirmNote { get; set; }
    public Guid? WithdrawnBy { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One ranked proposal on an award list, with its scores as published and the amount (0 = not funded).</summary>
public class AwardItem : ITenantOwned
{
    public const int ReasonMax = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid AwardListId { get; set; }
    public Guid ProposalId { get; set; }
    public int Rank { get; set; }
    [Precision(7, 2)] public decimal? ExpertScore { get; set; }
    public int Votes { get; set; }
    [Precision(7, 2)] public decimal ResidentScore { get; set; }
    [Precision(7, 2)] public decimal FinalScore { get; set; }
    public decimal Requested { get; set; }
    public decimal Amount { get; set; }
    public AwardOutcome Outcome { get; set; }
    public string? CutReason { get; set; }
}

/// <summary>An objection (异议) filed by anyone during the public notice, and the committee's published answer.</summary>
public class Objection : ITenantOwned
{
    public const int NameMax = 50, ContactMax = 100, TextMax = 2000, AnswerMax = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    /// <summary>The proposal objected to, if the objector named one.</summary>
    public Guid? ProposalId { get; set; }
    public string Name { get; set; } = "";
    public string Contact { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset FiledAt { get; set; }
    public string? Answer { get; set; }
    public Guid? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int Version { get; set; }

    public bool IsOpen => AnsweredAt is null;
}

public class AwardsConfiguration : IEntityTypeConfiguration<AwardList>, IEntityTypeConfiguration<AwardItem>, IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<AwardList> b)
    {
        b.ToTable("AwardLists");
        b.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.ConfirmNote).HasMaxLength(AwardList.NoteMax);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.HasIndex(l => new { l.TenantId, l.ContestId, l.Status });
        b.HasOne<Setup.Contest>().WithMany().HasForeignKey(l => l.ContestId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AwardItem> b)
    {
        b.ToTable("AwardItems");
        b.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.CutReason).HasMaxLength(AwardItem.ReasonMax);
        b.HasIndex(i => new { i.TenantId, i.AwardListId, i.Rank });
        b.HasIndex(i => new { i.TenantId, i.ProposalId });
        b.HasOne<AwardList>().WithMany().HasForeignKey(i => i.AwardListId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Proposals.Proposal>().WithMany().HasForeignKey(i => i.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.ToTable("Objections");
        b.Property(o => o.Name).HasMaxLength(Objection.NameMax).IsRequired();
        b.Property(o => o.Contact).HasMaxLength(Objection.ContactMax).IsRequired();
        b.Property(o => o.Text).HasMaxLength(Objection.TextMax).IsRequired();
        b.Property(o => o.Answer).HasMaxLength(Objection.AnswerMax);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => new { o.TenantId, o.ContestId, o.AnsweredAt });
        b.HasOne<Setup.Contest>().WithMany().HasForeignKey(o => o.ContestId).OnDelete(DeleteBehavior.Restrict);
    }
}
