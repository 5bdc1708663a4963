using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Features.Ledger.Accounts;

namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>The journal, filtered as on the list page, as CSV (one row per line) or Excel.</summary>
public class JournalDownloadModel(IMediator mediator, ITenantContext tenant, TimeProvider clock, IStringLocalizer<LedgerBooksResource> l) : PageModel
{
    /// <summary>The list page's filters: ?from=…&amp;to=…&amp;fund=…&amp;account=…&amp;kind=…&amp;q=…</summary>
    [BindProperty(SupportsGet = true)] public JournalExport.Query Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string format)
    {
        if (format is not ("csv" or "xlsx")) return NotFound();
        var data = await mediator.Send(Input);
        var name = $"journal-{tenant.Current!.Identifier}-{clock.Today():yyyyMMdd}";
        var table = JournalExport.AsTable(l, data.Names, data.Entries);
        if (format == "csv")
            return new StreamedDownload(Tables.CsvType, name + ".csv", (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
        var xlsx = data.EntryCount > Tables.MaxXlsxRows ? null : await Tables.BuildXlsxAsync([table], HttpContext.RequestAborted);
        if (xlsx is null) throw Refusal.Because(l["Books.Export.TooManyRows", Tables.MaxXlsxRows]);
        return Downloads.Xlsx(xlsx, name + ".xlsx");
    }
}
