using CommunityFund.Web.Infrastructure.Audit;
namespace CommunityFund.Web.Features.Audit.Log;

/// <summary>The audit log, filtered as on the list page, as CSV (streamed, no limit) or Excel.</summary>
public class DownloadModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<AuditResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public Query Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string format)
    {
        if (format is not ("csv" or "xlsx")) return NotFound();
        var data = await mediator.Send(Input);
        var name = $"audit-{tenant.Current!.Identifier}-{clock.Today():yyyyMMdd}";
        var table = new Table(t["Audit.Title"],
            ["#", t["Audit.At"], t["Audit.Person"], t["Audit.Command"], t["Audit.Target"], t["Audit.Outcome"], t["Audit.Detail"], t["Audit.Ip"], t["Audit.Hash"]],
            data.Rows);
        if (format == "csv")
            return new StreamedDownload(Tables.CsvType, name + ".csv", (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
        var xlsx = data.Count > Tables.MaxXlsxRows ? null : await Tables.BuildXlsxAsync([table], HttpContext.RequestAborted);
        if (xlsx is null) throw Refusal.Because(t["Audit.TooManyRows", Tables.MaxXlsxRows]);
        return Downloads.Xlsx(xlsx, name + ".xlsx");
    }

    /// <summary>The filtered rows, oldest first, streamed from the database.</summary>
    public sealed record Export(int Count, IAsyncEnumerable<object?[]> Rows);

    [RequiresTenantRole(TenantRole.Auditor, TenantRole.Committee)]
    public sealed class Query : AuditSearch, IRequest<Export>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<AuditResource> t, IStringLocalizer<KernelResource> k) => Include(new AuditSearchValidator(t, k));
    }

    public sealed class Handler(AppDbContext db, IStringLocalizer<AuditResource> t) : IRequestHandler<Query, Export>
    {
        public async Task<Export> Handle(Query request, CancellationToken cancellationToken)
        {
            var rows = request.Apply(db.Set<AuditEntry>().AsNoTracking());
            var count = await rows.CountAsync(cancellationToken);
            return new Export(count, Stream(rows.OrderBy(e => e.Sequence)));
        }

        private async IAsyncEnumerable<object?[]> Stream(IQueryable<AuditEntry> rows)
        {
            await foreach (var e in rows.AsAsyncEnumerable())
                yield return [e.Sequence, Formats.DateTime(e.At), e.UserEmail, e.Command, e.Target, t["Outcome." + e.Outcome].Value, e.Detail, e.IpAddress, e.Hash];
        }
    }
}
