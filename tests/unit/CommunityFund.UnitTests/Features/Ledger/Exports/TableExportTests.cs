using CommunityFund.Web.Infrastructure.Files;
using System.Globalization;
using System.Net;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using CommunityFund.UnitTests.Features.Ledger.Accounts;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Exports;
using CommunityFund.Web.Infrastructure.Identity;

namespace CommunityFund.UnitTests.Features.Ledger.Exports;

/// <summary>CSV (UTF-8 with BOM) and Excel downloads of the journal, the trial balance and the fund statement.</summary>
public class TableExportTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static readonly DateOnly March = new(2021, 3, 1);

    private static async Task<LedgerWorld> BooksAsync(SliceFixture f)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await w.IncomeAsync(w.General, 1000, March, description: "企业捐赠 𠀀");
        await w.IncomeAsync(w.Restricted, 600000, March, ChartOfAccounts.FederationGrant, "重庆市慈善总会拨款");
        await w.SpendAsync(w.Restricted, 1234.56m, new DateOnly(2021, 3, 10), description: "=HYPERLINK(\"http://evil\")");
        await w.PostAsync(new DateOnly(2021, 4, 1), "划转", EntryKind.FundTransfer,
            (ChartOfAccounts.NetAssets, w.General, 100, 0), (ChartOfAccounts.Bank, w.General, 0, 100),
            (ChartOfAccounts.Bank, w.Restricted, 100, 0), (ChartOfAccounts.NetAssets, w.Restricted, 0, 100));
        return w;
    }

    private static async Task<(byte[] Body, HttpResponseMessage Response)> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return (await response.Content.ReadAsByteArrayAsync(), response);
    }

    private static List<string[]> Csv(byte[] body)
    {
        Assert.True(body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF, "CSV must start with the UTF-8 byte-order mark");
        Assert.False(body.Length >= 6 && body[3] == 0xEF && body[4] == 0xBB && body[5] == 0xBF, "only one byte-order mark");
        using var reader = new CsvReader(new StringReader(new UTF8Encoding(false).GetString(body, 3, body.Length - 3)), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        return rows;
    }

    [Fact]
    public async Task The_journal_CSV_has_a_BOM_Chinese_headers_one_row_per_line_and_keeps_the_lists_filters()
    {
        var w = await BooksAsync(f);
        var client = await w.SignedInAsync(w.Secretary);
        var (body, response) = await DownloadAsync(client, w.Url($"/ledger/export/journal/csv?fund={w.General}"));
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^journal-.*\.csv$", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));

        var rows = Csv(body);
        Assert.Equal(["凭证号", "日期", "摘要", "类型", "科目代码", "科目名称", "基金代码", "基金名称", "借方", "贷方", "备注", "冲销凭证号"], rows[0]);
        // The General fund's entries: the donation (2 lines) and the transfer (4 lines, both funds), oldest first.
        Assert.Equal(6, rows.Count - 1);
        Assert.Equal(["1", "2021-03-01", "企业捐赠 𠀀", "捐赠", "1002", "银行存款", "GEN", "综合基金", "1000.00", "0.00", "", ""], rows[1]);
        Assert.Equal(["4", "4", "4", "4"], rows.Skip(3).Select(r => r[0]));
        Assert.Contains(rows, r => r[6] == "XFJY" && r[8] == "100.00");

        var all = Csv((await DownloadAsync(client, w.Url("/ledger/export/journal/csv"))).Body);
        Assert.Equal(10, all.Count - 1);
        Assert.Contains(all, r => r[2] == "'=HYPERLINK(\"http://evil\")"); // never a live formula in a spreadsheet
        Assert.Contains(all, r => r[8] == "1234.56");
    }

    [Fact]
    public async Task The_journal_CSV_speaks_English_when_English_is_chosen()
    {
        var w = await BooksAsync(f);
        var client = await w.SignedInAsync(w.Committee);
        var rows = Csv((await DownloadAsync(client, w.Url("/ledger/export/journal/csv?kind=Donation&culture=en"))).Body);
        Assert.Equal("No.", rows[0][0]);
        Assert.Equal(["Donation", "Donation", "Donation", "Donation"], rows.Skip(1).Select(r => r[3])); // two donations, two lines each
        Assert.Equal("General fund", rows[1][7]);
    }

    [Fact]
    public async Task The_journal_workbook_has_numbers_dates_and_text_that_never_runs_as_a_formula()
    {
        var w = await BooksAsync(f);
        var client = await w.SignedInAsync(w.Secretary);
        var (body, response) = await DownloadAsync(client, w.Url("/ledger/export/journal/xlsx?from=2021-03-01&to=2021-03-31"));
        Assert.Equal(Tables.XlsxType, response.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(body));
        var sheet = workbook.Worksheets.Single();
        Assert.Equal("凭证号", sheet.Cell(1, 1).GetString());
        Assert.Equal(7, sheet.LastRowUsed()!.RowNumber()); // header + 3 entries × 2 lines
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 2).DataType);
        Assert.Equal(new DateTime(2021, 3, 1), sheet.Cell(2, 2).GetDateTime());
        Assert.Equal(XLDataType.Number, sheet.Cell(2, 9).DataType);
        Assert.Equal(1000m, sheet.Cell(2, 9).GetValue<decimal>());
        var evil = sheet.RowsUsed().Select(r => r.Cell(3)).Where(c => c.GetString().StartsWith("=HYPERLINK", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, evil.Count);
        Assert.All(evil, c => Assert.False(c.HasFormula));
        Assert.All(evil, c => Assert.Equal(XLDataType.Text, c.DataType));
    }

    [Fact]
    public async Task The_trial_balance_exports_its_rows_and_a_totals_row_that_balances()
    {
        var w = await BooksAsync(f);
        var client = await w.SignedInAsync(w.Committee);
        var rows = Csv((await DownloadAsync(client, w.Url("/ledger/export/trial-balance/csv?asOf=2021-03-31"))).Body);
        Assert.Equal(["代码", "名称", "类型", "借方合计", "贷方合计", "余额（借方为正）"], rows[0]);
        var accounts = await w.DbAsync(db => db.Set<LedgerAccount>().CountAsync());
        Assert.Equal(accounts + 2, rows.Count);
        Assert.Equal(["1002", "银行存款", "资产", "601000.00", "1234.56", "599765.44"], rows.Single(r => r[0] == "1002"));
        Assert.Equal(["合计", "", "", "602234.56", "602234.56", "0.00"], rows[^1]);

        var (body, _) = await DownloadAsync(client, w.Url("/ledger/export/trial-balance/xlsx?asOf=2021-03-31"));
        using var workbook = new XLWorkbook(new MemoryStream(body));
        var sheet = workbook.Worksheets.Single();
        var last = sheet.LastRowUsed()!;
        Assert.Equal("合计", last.Cell(1).GetString());
        Assert.Equal(602234.56m, last.Cell(4).GetValue<decimal>());
        Assert.Equal(last.Cell(4).GetValue<decimal>(), last.Cell(5).GetValue<decimal>());
    }

    [Fact]
    public async Task The_fund_statement_exports_opening_income_spending_other_and_closing_per_fund()
    {
        var w = await BooksAsync(f);
        var client = await w.SignedInAsync(w.Committee);
        var rows = Csv((await DownloadAsync(client, w.Url($"/ledger/export/fund-statement/csv?from=2021-03-01&to=2021-04-30&fund={w.Restricted}"))).Body);
        Assert.Equal(["基金代码", "基金名称", "项目", "科目代码", "科目名称", "金额"], rows[0]);
        Assert.All(rows.Skip(1), r => Assert.Equal("XFJY", r[0]));
        Assert.Contains(["XFJY", "幸福家园建设资金", "收入（按来源）", "4202", "慈善总会拨款收入", "600000.00"], rows);
        Assert.Contains(["XFJY", "幸福家园建设资金", "支出（按用途）", "5102", "项目支出", "1234.56"], rows);
        Assert.Contains(["XFJY", "幸福家园建设资金", "其他变动（基金间划转、预付与应付款项）", "3101", "净资产", "100.00"], rows);
        Assert.Contains(["XFJY", "幸福家园建设资金", "期末货币资金", "", "", "598865.44"], rows);

        var (body, _) = await DownloadAsync(client, w.Url("/ledger/export/fund-statement/xlsx?from=2021-03-01&to=2021-04-30"));
        using var workbook = new XLWorkbook(new MemoryStream(body));
        Assert.Contains(workbook.Worksheets.Single().RowsUsed(), r => r.Cell(1).GetString() == "GEN" && r.Cell(3).GetString() == "期末货币资金" && r.Cell(6).GetValue<decimal>() == 900m);
    }

    [Theory]
    [InlineData("/ledger/export/journal/csv?from=2021-02-30", "请填写有效日期")]
    [InlineData("/ledger/export/journal/xlsx?fund=00000000-0000-0000-0000-000000000000", "基金不存在")]
    [InlineData("/ledger/export/trial-balance/csv?asOf=tomorrow", "请填写有效日期")]
    [InlineData("/ledger/export/fund-statement/xlsx?from=2021-05-01&to=2021-04-01", "结束日期不能早于开始日期")]
    public async Task An_export_with_bad_filters_explains_why_instead_of_downloading(string url, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await w.SignedInAsync(w.Secretary);
        var response = await client.GetAsync(w.Url(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("无法导出", html);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task Unknown_formats_are_not_found_and_organisations_are_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var secretary = await w.SignedInAsync(w.Secretary);
        Assert.Equal(HttpStatusCode.NotFound, (await secretary.GetAsync(w.Url("/ledger/export/journal/pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretary.GetAsync(w.Url("/ledger/export/trial-balance/exe"))).StatusCode);
        var organisation = await w.SignedInAsync(await w.MemberAsync(TenantRole.OrgMember));
        Assert.Equal(HttpStatusCode.Forbidden, (await organisation.GetAsync(w.Url("/ledger/export/journal/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organisation.GetAsync(w.Url("/ledger/export/fund-statement/xlsx"))).StatusCode);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("捐赠", "捐赠")]
    public void Text_that_a_spreadsheet_would_run_is_defused(string text, string written) => Assert.Equal(written, Tables.CsvText(text));

    [Fact]
    public void Negative_amounts_stay_numbers() => Assert.Equal("-400.00", Tables.CsvText(-400m));
}
