using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace CommunityFund.Web.Features.Ledger.Imports;

/// <summary>Reads a donations spreadsheet (CSV or .xlsx) into raw text rows; validation happens row by row afterwards.</summary>
public static class DonationSheet
{
    public sealed record Row(int Line, string Date, string DonorKind, string DonorName, string Amount, string Channel, string FundCode, string Consent, string Note);

    public enum Format { Csv, Xlsx, Unknown }

    /// <summary>Column headers accepted in Chinese or English.</summary>
    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["日期"] = "Date", ["Date"] = "Date",
        ["捐赠人类型"] = "DonorKind", ["DonorKind"] = "DonorKind",
        ["捐赠人"] = "DonorName", ["DonorName"] = "DonorName", ["Donor"] = "DonorName",
        ["金额"] = "Amount", ["Amount"] = "Amount",
        ["渠道"] = "Channel", ["Channel"] = "Channel",
        ["基金代码"] = "FundCode", ["FundCode"] = "FundCode", ["Fund"] = "FundCode",
        ["同意公开"] = "Consent", ["Consent"] = "Consent",
        ["备注"] = "Note", ["Note"] = "Note",
    };

    public static readonly string[] Required = ["Date", "DonorKind", "DonorName", "Amount", "Channel", "FundCode"];

    public const string TemplateCsv = "日期,捐赠人类型,捐赠人,金额,渠道,基金代码,同意公开,备注\r\n2021-03-08,企业,重庆某某实业有限公司,10000.00,银行转账,GEN,是,年度捐赠\r\n";

    /// <summary>By content, not by name: .xlsx is a zip (PK\x03\x04); CSV is UTF-8 text without NUL bytes.</summary>
    public static Format Detect(byte[] content)
    {
        if (content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04) return Format.Xlsx;
        if (content.Length > 0 && !content.Take(4096).Contains((byte)0))
        {
            try
            {
                _ = new UTF8Encoding(false, true).GetString(content);
                return Format.Csv;
            }
            catch (DecoderFallbackException) { return Format.Unknown; }
        }
        return Format.Unknown;
    }

    /// <summary>Returns the rows, or the list of headers that are missing.</summary>
    public static (IReadOnlyList<Row> Rows, IReadOnlyList<string> MissingColumns) Read(byte[] content, Format format)
    {
        var table = format == Format.Xlsx ? ReadXlsx(content) : ReadCsv(content);
        if (table.Count == 0) return ([], Required);
        var columns = table[0].Select((h, i) => (Key: Headers.GetValueOrDefault(h.Trim().TrimStart('\uFEFF')), i)).Where(c => c.Key is not null)
            .GroupBy(c => c.Key!).ToDictionary(g => g.Key, g => g.First().i);
        var missing = Required.Where(r => !columns.ContainsKey(r)).ToList();
        if (missing.Count > 0) return ([], missing);
        string Cell(IReadOnlyList<string> r, string key) => columns.TryGetValue(key, out var i) && i < r.Count ? r[i].Trim() : "";
        var rows = table.Skip(1)
            .Select((r, i) => (r, line: i + 2))
            .Where(x => x.r.Any(c => !string.IsNullOrWhiteSpace(c)))
            .Select(x => new Row(x.line, Cell(x.r, "Date"), Cell(x.r, "DonorKind"), Cell(x.r, "DonorName"), Cell(x.r, "Amount"),
                Cell(x.r, "Channel"), Cell(x.r, "FundCode"), Cell(x.r, "Consent"), Cell(x.r, "Note")))
            .ToList();
        return (rows, []);
    }

    private static List<List<string>> ReadCsv(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var rows = new List<List<string>>();
        while (csv.Read()) rows.Add(csv.Record?.ToList() ?? []);
        return rows;
    }

    private static List<List<string>> ReadXlsx(byte[] content)
    {
        using var book = new XLWorkbook(new MemoryStream(content));
        var sheet = book.Worksheets.First();
        var used = sheet.RangeUsed();
        if (used is null) return [];
        var width = used.ColumnCount();
        return used.Rows().Select(r => Enumerable.Range(1, width).Select(c => CellText(r.Cell(c))).ToList()).ToList();
    }

    /// <summary>
    /// Dates typed into Excel arrive as dates and numbers as numbers (Excel stores binary floating point): give them back
    /// as the text a person would have typed, which the strict amount parser then checks like any form input.
    /// </summary>
    private static string CellText(IXLCell cell) => cell.DataType switch
    {
        XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        XLDataType.Number => cell.GetDouble().ToString("0.##########", CultureInfo.InvariantCulture),
        _ => cell.GetString(),
    };
}
