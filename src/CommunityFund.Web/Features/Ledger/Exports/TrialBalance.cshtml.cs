using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Features.Ledger.Reports;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>The trial balance as of a date, as CSV or Excel, with a totals row.</summary>
public class TrialBalanceDownloadModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<LedgerBooksResource> l) : PageModel
{
    /// <summary>?asOf=yyyy-MM-dd, as on the report page.</summary>
    [BindProperty(SupportsGet = true)] public Reports.TrialBalanceModel.Query Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string format)
    {
        if (format is not ("csv" or "xlsx")) return NotFound();
        var data = await mediator.Send(Input);
        var table = AsTable(l, data);
        var name = $"trial-balance-{tenant.Current!.Identifier}-{Formats.Date(data.AsOf)}";
        if (format == "csv")
            return new StreamedDownload(Tables.CsvType, name + ".csv", (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
        return Downloads.Xlsx((await Tables.BuildXlsxAsync([table], HttpContext.RequestAborted))!, name + ".xlsx");
    }

    public static Table AsTable(IStringLocalizer<LedgerBooksResource> l, Reports.TrialBalanceModel.Result data)
    {
        var rows = data.Rows.Select(r => new object?[]
        {
            r.Code, Books.Name(r.NameZh, r.NameEn), l["Books.AccountType." + r.Type].Value, r.Debit, r.Credit, r.Balance,
        }).Append([l["Books.Common.Total"].Value, null, null, data.TotalDebit, data.TotalCredit, data.TotalDebit - data.TotalCredit]);
        return new Table(l["Books.TrialBalance.SheetName", Formats.Date(data.AsOf)],
            [l["Books.Field.Code"], l["Books.Field.Name"], l["Books.Field.Type"], l["Books.TrialBalance.DebitTotal"], l["Books.TrialBalance.CreditTotal"], l["Books.Export.BalanceSigned"]],
            Tables.Rows(rows));
    }
}
