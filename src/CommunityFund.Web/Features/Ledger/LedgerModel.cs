using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.Web.Features.Ledger;

/// <summary>Anchor for the ledger's UI strings (Resources/Features.Ledger.LedgerResource.resx).</summary>
public sealed class LedgerResource;

/// <summary>A self-balancing fund (基金/专项). Every journal line names one.</summary>
public class Fund : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public FundKind Kind { get; set; }
    public string? Purpose { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum AccountType { Asset = 1, Liability = 2, NetAssets = 3, Income = 4, Expense = 5 }

/// <summary>A chart-of-accounts entry (会计科目). <see cref="SystemKey"/> lets the code find seeded accounts whatever their code or name becomes.</summary>
public class LedgerAccount : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public AccountType Type { get; set; }
    public string? SystemKey { get; set; }

    /// <summary>Assets and expenses grow with debits; the rest with credits.</summary>
    public static bool IsDebitNormal(AccountType type) => type is AccountType.Asset or AccountType.Expense;
}

/// <summary>A posted journal entry (记账凭证). Corrections are new entries that reverse it.</summary>
public class JournalEntry : ITenantOwned, IAppendOnly
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Gap-free per tenant: 1, 2, 3, …</summary>
    public int Number { get; set; }
    public DateOnly Date { get; set; }
    public string Description { get; set; } = "";
    public EntryKind Kind { get; set; }
    public string? SourceType { get; set; }
    public Guid? SourceId { get; set; }
    /// <summary>The entry this one reverses. Unique: an entry is reversed at most once.</summary>
    public long? ReversesEntryId { get; set; }
    public Guid AuthorId { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public List<JournalLine> Lines { get; set; } = [];
}

public class JournalLine : ITenantOwned, IAppendOnly
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public long EntryId { get; set; }
    public int LineNo { get; set; }
    public Guid AccountId { get; set; }
    public Guid FundId { get; set; }
    public decimal Debit { get; set; }
    public decimal Credit { get; set; }
    public string? Memo { get; set; }
}

/// <summary>Maintained in the same transaction as each entry; always equal to the fold of the journal.</summary>
public class FundAccountBalance : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid FundId { get; set; }
    public Guid AccountId { get; set; }
    public decimal DebitTotal { get; set; }
    public decimal CreditTotal { get; set; }
    public decimal Balance => DebitTotal - CreditTotal;
}

/// <summary>Month-end close: no entry may be dated on or before <see cref="ThroughDate"/> (the latest close wins).</summary>
public class PeriodClose : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public DateOnly ThroughDate { get; set; }
    public Guid ClosedBy { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
}

/// <summary>Per-tenant gap-free counters (entry numbers, donation receipt numbers). Row-locked while used.</summary>
public class LedgerCounter : ITenantOwned
{
    public Guid TenantId { get; set; }
    public int NextEntryNumber { get; set; } = 1;
    public int NextReceiptNumber { get; set; } = 1;
}

/// <summary>The first result of a command sent with a client-generated key; a repeat returns it.</summary>
public class IdempotencyRecord : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string? Result { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public class LedgerConfiguration :
    IEntityTypeConfiguration<Fund>, IEntityTypeConfiguration<LedgerAccount>, IEntityTypeConfiguration<JournalEntry>,
    IEntityTypeConfiguration<JournalLine>, IEntityTypeConfiguration<FundAccountBalance>, IEntityTypeConfiguration<PeriodClose>,
    IEntityTypeConfiguration<LedgerCounter>, IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<Fund> b)
    {
        b.ToTable("Funds");
        b.Property(f => f.Code).HasMaxLength(20).IsRequired();
        b.HasIndex(f => new { f.TenantId, f.Code }).IsUnique();
        b.Property(f => f.NameZh).HasMaxLength(100).IsRequired();
        b.Property(f => f.NameEn).HasMaxLength(150).IsRequired();
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Purpose).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<LedgerAccount> b)
    {
        b.ToTable("Accounts");
        b.Property(a => a.Code).HasMaxLength(20).IsRequired();
        b.HasIndex(a => new { a.TenantId, a.Code }).IsUnique();
        b.HasIndex(a => new { a.TenantId, a.SystemKey }).IsUnique();
        b.Property(a => a.NameZh).HasMaxLength(100).IsRequired();
        b.Property(a => a.NameEn).HasMaxLength(150).IsRequired();
        b.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.SystemKey).HasMaxLength(40);
    }

    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.ToTable("JournalEntries");
        b.HasIndex(e => new { e.TenantId, e.Number }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.Date, e.Id });
        b.HasIndex(e => new { e.TenantId, e.Kind, e.Id });
        b.HasIndex(e => e.ReversesEntryId).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.SourceType, e.SourceId });
        b.Property(e => e.Description).HasMaxLength(500).IsRequired();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.SourceType).HasMaxLength(40);
        b.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<JournalLine> b)
    {
        b.ToTable("JournalLines");
        b.HasIndex(l => new { l.TenantId, l.FundId, l.EntryId });
        b.HasIndex(l => new { l.TenantId, l.AccountId, l.EntryId });
        b.Property(l => l.Memo).HasMaxLength(200);
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Fund>().WithMany().HasForeignKey(l => l.FundId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<FundAccountBalance> b)
    {
        b.ToTable("FundAccountBalances");
        b.HasKey(x => new { x.TenantId, x.FundId, x.AccountId });
        b.Ignore(x => x.Balance);
    }

    public void Configure(EntityTypeBuilder<PeriodClose> b)
    {
        b.ToTable("PeriodCloses");
        b.HasIndex(p => new { p.TenantId, p.ThroughDate });
    }

    public void Configure(EntityTypeBuilder<LedgerCounter> b)
    {
        b.ToTable("LedgerCounters");
        b.HasKey(c => c.TenantId);
    }

    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(r => new { r.TenantId, r.Key });
        b.Property(r => r.Key).HasMaxLength(64);
        b.Property(r => r.RequestHash).HasColumnType("char(64)");
        b.Property(r => r.Result).HasMaxLength(200);
    }
}
