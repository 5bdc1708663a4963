using CommunityFund.Web.Features.Grants.Claims;

namespace CommunityFund.Web.Features.Grants;

/// <summary>The grants' exceptional steps for the auditor: claim lines let through with an invoice number already claimed.</summary>
public sealed class GrantExceptions(AppDbContext db) : IExceptionSource
{
    public async Task<IReadOnlyList<ExceptionRow>> ListAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var overrides = await (
            from l in db.Set<ExpenseClaimLine>().AsNoTracking()
            join c in db.Set<ExpenseClaim>() on l.ClaimId equals c.Id
            where l.DuplicateOverrideReason != null && c.CreatedAt >= since && c.CreatedAt < until
            orderby c.CreatedAt descending
            select new { c.Id, c.Number, c.CreatedAt, c.ReviewedBy, l.InvoiceNumber, l.Amount, l.DuplicateOverrideReason }).Take(limit).ToListAsync(ct);
        return overrides.Select(o => new ExceptionRow(ExceptionKind.DuplicateInvoiceOverride, o.CreatedAt, o.ReviewedBy,
            $"#{o.Number} · {o.InvoiceNumber} · {Formats.Money(o.Amount)} · {o.DuplicateOverrideReason}",
            new SourceDocumentPage("/Grants/Claims/Detail", o.Id))).ToList();
    }
}
