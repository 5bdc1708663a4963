using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Features.Ledger.Accounts;
using CommunityFund.Web.Features.Ledger.Reports;
using CommunityFund.Web.Infrastructure.Localization;

namespace CommunityFund.Web.Features.Ledger.Exports;

/// <summary>The fund statements for a date range as CSV or Excel: one row per fund, section and account.</summary>
public class FundStatementDownloadModel(IMediator mediator, ITenantContext tenant, IStringLocalizer<LedgerBooksResource> l) : PageModel
{
    /// <summary>?from=…&amp;to=…&amp;fund=…, as on the report page.</summary>
    [BindProperty(SupportsGet = true)] public Reports.FundStatementModel.Query Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string format)
    {
        if (format is not ("csv" or "xlsx")) return NotFound();
        var data = await mediator.Send(Input);
        var table = AsTable(l, data);
        var name = $"fund-statement-{tenant.Current!.Identifier}-{Formats.Date(data.From)}-{Formats.Date(data.To)}";
        if (format == "csv")
            return new StreamedDownload(Tables.CsvType, name + ".csv", (stream, ct) => Tables.WriteCsvAsync(stream, table, ct));
        return Downloads.Xlsx((await Tables.BuildXlsxAsync([table], HttpContext.RequestAborted))!, name + ".xlsx");
    }

    public static Table AsTable(IStringLocalizer<LedgerBooksResource> l, Reports.FundStatementModel.Result data)
    {
        var rows = new List<object?[]>();
        foreach (var s in data.Funds)
        {
            var fundName = Books.Name(s.NameZh, s.NameEn);
            void Add(string section, string? code, string? name, decimal amount) => rows.Add([s.Code, fundName, l[section].Value, code, name, amount]);
            Add("Books.Export.OpeningMoney", null, null, s.OpeningCash);
            Add("Books.Export.OpeningGoods", null, null, s.OpeningInKind);
            foreach (var i in s.Income) Add("Books.FundStatement.Income", i.Code, Books.Name(i.NameZh, i.NameEn), i.Amount);
            Add("Books.FundStatement.TotalIncome", null, null, s.TotalIncome);
            foreach (var i in s.Spending) Add("Books.FundStatement.Spending", i.Code, Books.Name(i.NameZh, i.NameEn), i.Amount);
            Add("Books.FundStatement.TotalSpending", null, null, s.TotalSpending);
            foreach (var i in s.Other) Add("Books.FundStatement.Other", i.Code, Books.Name(i.NameZh, i.NameEn), i.Amount);
            Add("Books.Export.ClosingMoney", null, null, s.ClosingCash);
            Add("Books.Export.ClosingGoods", null, null, s.ClosingInKind);
        }
        return new Table(l["Books.FundStatement.SheetName"],
            [l["Books.Export.FundCode"], l["Books.Export.FundName"], l["Books.Export.Section"], l["Books.Export.AccountCode"], l["Books.Export.AccountName"], l["Books.Field.Amount"]],
            Tables.Rows(rows));
    }
}
