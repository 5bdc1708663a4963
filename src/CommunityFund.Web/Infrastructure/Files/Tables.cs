using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Net.Http.Headers;

namespace CommunityFund.Web.Infrastructure.Files;

/// <summary>A table to download: a header row and rows of cells (text, int, decimal money, DateOnly, or null).</summary>
public sealed record Table(string SheetName, IReadOnlyList<string> Header, IAsyncEnumerable<object?[]> Rows);

/// <summary>
/// Writes tables as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese correctly; streamed row by row) or as an
/// Excel workbook (ClosedXML, built in memory, so bounded by <see cref="MaxXlsxRows"/>). Amounts are plain numbers
/// (1234.50) so spreadsheets can add them up; dates are yyyy-MM-dd.
/// </summary>
public static class Tables
{
    /// <summary>Beyond this an .xlsx is slow to build and to open; CSV has no limit. (Excel itself stops at 1,048,576 rows.)</summary>
    public const int MaxXlsxRows = 200_000;

    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static async Task WriteCsvAsync(Stream stream, Table table, CancellationToken ct)
    {
        await stream.WriteAsync(Utf8Bom, ct);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var h in table.Header) csv.WriteField(h);
        await csv.NextRecordAsync();
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            foreach (var cell in row) csv.WriteField(CsvText(cell));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
        await writer.FlushAsync(ct);
    }

    public static string CsvText(object? cell) => cell switch
    {
        null => "",
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s => Defuse(s),
        _ => Defuse(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Text typed by people must not run as a spreadsheet formula (CSV injection): such text gets a leading apostrophe.</summary>
    public static string Defuse(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Builds the workbook; returns null when the table has more than <see cref="MaxXlsxRows"/> rows.</summary>
    public static async Task<byte[]?> BuildXlsxAsync(IReadOnlyList<Table> tables, CancellationToken ct)
    {
        using var workbook = new XLWorkbook();
        foreach (var table in tables)
        {
            var sheet = workbook.Worksheets.Add(SheetName(table.SheetName));
            for (var c = 0; c < table.Header.Count; c++)
            {
                var cell = sheet.Cell(1, c + 1);
                cell.SetValue(table.Header[c]);
                cell.Style.Font.Bold = true;
                cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#F3EDE6");
            }
            var widths = table.Header.Select(h => Width(h)).ToArray();
            var r = 1;
            await foreach (var row in table.Rows.WithCancellation(ct))
            {
                if (++r > MaxXlsxRows + 1) return null;
                for (var c = 0; c < row.Length; c++)
                {
                    var cell = sheet.Cell(r, c + 1);
                    switch (row[c])
                    {
                        case null: break;
                        case decimal d:
                            cell.SetValue(d);
                            cell.Style.NumberFormat.Format = "#,##0.00";
                            widths[c] = Math.Max(widths[c], 14);
                            break;
                        case int i: cell.SetValue(i); break;
                        case long l: cell.SetValue(l); break;
                        case DateOnly date:
                            cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                            cell.Style.DateFormat.Format = "yyyy-mm-dd";
                            widths[c] = Math.Max(widths[c], 11);
                            break;
                        default:
                            var text = Convert.ToString(row[c], CultureInfo.InvariantCulture) ?? "";
                            // Always text, never a formula, whatever the first character.
                            cell.SetValue(text);
                            cell.DataType = XLDataType.Text;
                            if (c < widths.Length) widths[c] = Math.Min(60, Math.Max(widths[c], Width(text)));
                            break;
                    }
                }
            }
            // Column widths by hand: ClosedXML's AdjustToContents needs System.Drawing, which does not run on Linux.
            for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = widths[c] + 2;
            sheet.SheetView.FreezeRows(1);
        }
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    /// <summary>Approximate display width: CJK characters count double.</summary>
    private static int Width(string text) => text.Sum(ch => ch > 0x2E80 ? 2 : 1);

    /// <summary>Excel sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(ch => ch is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : ch).ToArray());
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Sheet1" : clean;
    }

    public static async IAsyncEnumerable<object?[]> Rows(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            await Task.CompletedTask;
            yield return row;
        }
    }
}

/// <summary>A download written straight to the response (CSV of a long journal never sits in memory).</summary>
public sealed class StreamedDownload(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = Downloads.Attachment(fileName);
        response.Headers.CacheControl = "no-store";
        await write(response.Body, context.HttpContext.RequestAborted);
    }
}

public static class Downloads
{
    /// <summary>attachment; filename="…"; filename*=UTF-8''… (ASCII fallback plus the real, possibly Chinese, name).</summary>
    public static string Attachment(string fileName)
    {
        var header = new ContentDispositionHeaderValue("attachment");
        header.SetHttpFileName(fileName);
        return header.ToString();
    }

    public static IActionResult Xlsx(byte[] content, string fileName) =>
        new FileContentResult(content, Tables.XlsxType) { FileDownloadName = fileName };
}
