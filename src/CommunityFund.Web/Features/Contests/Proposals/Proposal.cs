using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Contests.Proposals;

/// <summary>Where a proposal is in screening. Refinement and the roadshow happen to Accepted proposals.</summary>
public enum ProposalStatus
{
    Draft = 0,
    /// <summary>Submitted and waiting for screening (also after a resubmission against the one-time list).</summary>
    Submitted = 1,
    /// <summary>Returned with the one-time list of fixes (一次性告知); the organisation resubmits against it.</summary>
    Returned = 2,
    Accepted = 3,
    Rejected = 4,
}

/// <summary>How the proposal came in: the organisation entered it, or the secretariat entered it for them after a visit.</summary>
public enum ProposalChannel { Online = 1, CollectedOnVisit = 2 }

/// <summary>One budget line: item, kind, unit price × whole quantity = subtotal.</summary>
public sealed record BudgetLine(string Item, BudgetKind Kind, decimal UnitPrice, int Quantity)
{
    public decimal Subtotal => UnitPrice * Quantity;
}

/// <summary>
/// What an organisation writes in a proposal. The working draft and every submitted version hold one of these (as
/// JSON), so a version is a complete, self-contained copy that can be compared with any other.
/// </summary>
public sealed record ProposalContent
{
    public const int TitleMax = 100, TextMax = 4000, WhoMax = 200, ItemMax = 100;

    public string Title { get; init; } = "";
    public string Category { get; init; } = "";
    public string Need { get; init; } = "";
    public string Goals { get; init; } = "";
    public string BeneficiariesWho { get; init; } = "";
    public int BeneficiariesCount { get; init; }
    public string ActivityPlan { get; init; } = "";
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public decimal CoFunding { get; init; }
    public IReadOnlyList<BudgetLine> Lines { get; init; } = [];

    /// <summary>Requested amount = the sum of the budget lines.</summary>
    public decimal RequestedAmount => Lines.Sum(l => l.Subtotal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ProposalContent FromJson(string json) => JsonSerializer.Deserialize<ProposalContent>(json, Json) ?? new();
}

/// <summary>
/// A proposal to a contest from one organisation. The working draft lives here; each submission appends an immutable
/// <see cref="ProposalVersion"/>. Title, category and requested amount are copied from the latest content for lists.
/// </summary>
public class Proposal : ITenantOwned
{
    public const int ReasonMax = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ContestId { get; set; }
    public Guid OrganisationId { get; set; }
    /// <summary>Per contest, 1, 2, 3 … in order of creation; shown as the proposal number.</summary>
    public int Number { get; set; }
    public ProposalStatus Status { get; set; }
    public ProposalChannel Channel { get; set; }
    public string Title { get; set; } = "";
    public string Category { get; set; } = "";
    public decimal RequestedAmount { get; set; }
    /// <summary>The working draft (<see cref="ProposalContent"/> as JSON).</summary>
    public string DraftJson { get; set; } = "{}";
    /// <summary>Number of the latest submitted version; 0 before the first submission.</summary>
    public int LatestVersion { get; set; }
    public DateTimeOffset? FirstSubmittedAt { get; set; }
    public DateTimeOffset? LastSubmittedAt { get; set; }
    public string? RejectionReason { get; set; }
    /// <summary>Accepted with missing documents (容缺受理): the commitments are tracked in <see cref="MissingDocumentCommitment"/>.</summary>
    public bool AcceptedWithMissingDocuments { get; set; }
    public Guid? ScreenedBy { get; set; }
    public DateTimeOffset? ScreenedAt { get; set; }
    /// <summary>Roadshow running order (1 = first) and time slot; null until scheduled.</summary>
    public int? RunningOrder { get; set; }
    public TimeOnly? SlotStart { get; set; }
    public int? SlotMinutes { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public ProposalContent GetDraft() => ProposalContent.FromJson(DraftJson);

    /// <summary>
    /// Saves the working draft. Before the first submission the list columns follow the draft; afterwards they show the
    /// latest submitted version, so judges, rankings and awards never see unsubmitted edits.
    /// </summary>
    public void SetDraft(ProposalContent content)
    {
        DraftJson = content.ToJson();
        if (LatestVersion == 0) ShowInLists(content);
    }

    /// <summary>Appends the next immutable version from the draft; the caller adds it to the context.</summary>
    public ProposalVersion Submit(Guid by, DateTimeOffset at)
    {
        var content = GetDraft();
        LatestVersion++;
        FirstSubmittedAt ??= at;
        LastSubmittedAt = at;
        ShowInLists(content);
        return new ProposalVersion
        {
            TenantId = TenantId, ProposalId = Id, Number = LatestVersion, ContentJson = content.ToJson(),
            RequestedAmount = content.RequestedAmount, SubmittedBy = by, SubmittedAt = at,
        };
    }

    private void ShowInLists(ProposalContent content)
    {
        Title = content.Title;
        Category = content.Category;
        RequestedAmount = content.RequestedAmount;
    }
}

/// <summary>A submitted version: never changed or deleted (app guard and database triggers).</summary>
public class ProposalVersion : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProposalId { get; set; }
    public int Number { get; set; }
    public string ContentJson { get; set; } = "{}";
    public decimal RequestedAmount { get; set; }
    public Guid SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }

    public ProposalContent GetContent() => ProposalContent.FromJson(ContentJson);
}

public enum AttachmentPurpose { Supporting = 1, MissingDocument = 2 }

/// <summary>A file attached to a proposal. The bytes live in the tenant's file store under <see cref="StorageKey"/>.</summary>
public class ProposalAttachment : ITenantOwned
{
    public const int FileNameMax = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProposalId { get; set; }
    public AttachmentPurpose Purpose { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public string StorageKey { get; set; } = "";
    public Guid UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>
/// The one-time list of fixes (一次性告知) issued when screening returns a proposal. A proposal gets at most one; the
/// items are issued together and the organisation answers each one when it resubmits.
/// </summary>
public class ProposalFixList : ITenantOwned
{
    public const int ItemMax = 500, MaxItems = 20;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProposalId { get; set; }
    /// <summary>The items (JSON array of <see cref="FixItem"/>).</summary>
    public string ItemsJson { get; set; } = "[]";
    public Guid IssuedBy { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>The version submitted against the list, when the organisation resubmitted.</summary>
    public int? AnsweredInVersion { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public List<FixItem> GetItems() => JsonSerializer.Deserialize<List<FixItem>>(ItemsJson, Json) ?? [];

    public void SetItems(IEnumerable<FixItem> items) => ItemsJson = JsonSerializer.Serialize(items.ToList(), Json);
}

/// <summary>One required fix; <see cref="Done"/> and <see cref="Answer"/> are the organisation's reply on resubmission.</summary>
public sealed record FixItem(string Text, bool Done = false, string? Answer = null);

public enum CommitmentState { Open, Supplied, Overdue }

/// <summary>
/// 容缺受理: an auxiliary document the organisation has not yet supplied and has promised by a date. The proposal goes on;
/// an open or overdue commitment is read by the grants module, which pays nothing while one is overdue.
/// </summary>
public class MissingDocumentCommitment : ITenantOwned
{
    public const int DocumentMax = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProposalId { get; set; }
    public Guid OrganisationId { get; set; }
    public string DocumentName { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public Guid CommittedBy { get; set; }
    public DateTimeOffset CommittedAt { get; set; }
    public Guid? SuppliedAttachmentId { get; set; }
    public DateTimeOffset? SuppliedAt { get; set; }

    /// <summary>Overdue once the due date has passed in China time without the document.</summary>
    public CommitmentState StateOn(DateOnly today) =>
        SuppliedAt is not null ? CommitmentState.Supplied : today > DueDate ? CommitmentState.Overdue : CommitmentState.Open;
}

/// <summary>A mentor's or the organisation's comment in refinement (一对一优化), threaded by <see cref="ParentId"/>.</summary>
public class ProposalComment : ITenantOwned
{
    public const int BodyMax = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ProposalId { get; set; }
    public Guid? ParentId { get; set; }
    public Guid AuthorId { get; set; }
    public string Body { get; set; } = "";
    /// <summary>The version the comment was written against (0 = the draft before any submission).</summary>
    public int OnVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public class ProposalConfiguration :
    IEntityTypeConfiguration<Proposal>, IEntityTypeConfiguration<ProposalVersion>, IEntityTypeConfiguration<ProposalAttachment>,
    IEntityTypeConfiguration<ProposalFixList>, IEntityTypeConfiguration<MissingDocumentCommitment>, IEntityTypeConfiguration<ProposalComment>
{
    public void Configure(EntityTypeBuilder<Proposal> b)
    {
        b.ToTable("Proposals");
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Title).HasMaxLength(ProposalContent.TitleMax).IsRequired();
        b.Property(p => p.Category).HasMaxLength(50).IsRequired();
        b.Property(p => p.DraftJson).HasColumnType("longtext").IsRequired();
        b.Property(p => p.RejectionReason).HasMaxLength(Proposal.ReasonMax);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.TenantId, p.ContestId, p.Number }).IsUnique();
        b.HasIndex(p => new { p.TenantId, p.ContestId, p.Status });
        b.HasIndex(p => new { p.TenantId, p.OrganisationId });
        b.HasOne<Setup.Contest>().WithMany().HasForeignKey(p => p.ContestId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Kernel.Organisations.Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProposalVersion> b)
    {
        b.ToTable("ProposalVersions");
        b.Property(v => v.ContentJson).HasColumnType("longtext").IsRequired();
        b.HasIndex(v => new { v.TenantId, v.ProposalId, v.Number }).IsUnique();
        b.HasOne<Proposal>().WithMany().HasForeignKey(v => v.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProposalAttachment> b)
    {
        b.ToTable("ProposalAttachments");
        b.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.FileName).HasMaxLength(ProposalAttachment.FileNameMax).IsRequired();
        b.Property(a => a.ContentType).HasMaxLength(50).IsRequired();
        b.Property(a => a.Sha256).HasColumnType("char(64)").IsRequired();
        b.Property(a => a.StorageKey).HasMaxLength(300).IsRequired();
        b.HasIndex(a => new { a.TenantId, a.ProposalId });
        b.HasOne<Proposal>().WithMany().HasForeignKey(a => a.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProposalFixList> b)
    {
        b.ToTable("ProposalFixLists");
        b.Property(f => f.ItemsJson).HasColumnType("longtext").IsRequired();
        // 一次性告知: one list per proposal, enforced by the database too.
        b.HasIndex(f => new { f.TenantId, f.ProposalId }).IsUnique();
        b.HasOne<Proposal>().WithMany().HasForeignKey(f => f.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MissingDocumentCommitment> b)
    {
        b.ToTable("MissingDocumentCommitments");
        b.Property(c => c.DocumentName).HasMaxLength(MissingDocumentCommitment.DocumentMax).IsRequired();
        b.HasIndex(c => new { c.TenantId, c.ProposalId });
        b.HasIndex(c => new { c.TenantId, c.OrganisationId, c.SuppliedAt, c.DueDate });
        b.HasOne<Proposal>().WithMany().HasForeignKey(c => c.ProposalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProposalComment> b)
    {
        b.ToTable("ProposalComments");
        b.Property(c => c.Body).HasMaxLength(ProposalComment.BodyMax).IsRequired();
        b.HasIndex(c => new { c.TenantId, c.ProposalId, c.CreatedAt });
        b.HasOne<Proposal>().WithMany().HasForeignKey(c => c.ProposalId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProposalComment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
