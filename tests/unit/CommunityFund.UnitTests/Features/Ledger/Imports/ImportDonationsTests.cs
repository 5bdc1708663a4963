using System.Text;
using ClosedXML.Excel;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Imports;
using CommunityFund.Web.Infrastructure.Data;

namespace CommunityFund.UnitTests.Features.Ledger.Imports;

public class ImportDonationsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private const string Header = "日期,捐赠人类型,捐赠人,金额,渠道,基金代码,同意公开,备注\n";

    private static DonationsModel.Command Upload(byte[] content) => new() { IdempotencyKey = InputRules.NewIdempotencyKey(), Content = content };

    private static byte[] Csv(string body) => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + body)).ToArray();

    private Task<int> DonationsAsync(LedgerWorld w) => f.InTenantAsync(w.Tenant, sp => sp.GetRequiredService<AppDbContext>().Set<Donation>().CountAsync());

    [Fact]
    public async Task A_valid_csv_imports_every_row_with_receipts()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var imported = await f.SendAsync(Upload(Csv(
            "2021-03-01,企业,重庆巴渝建设集团,20000,银行转账,GEN,是,\n" +
            "2021-03-02,个人,王𠀀明,500.50,微信,XFJY,否,节日捐赠\n" +
            "2021-03-03,Anonymous,,66,Cash,gen,,\n")), w.Secretary, w.Tenant);
        Assert.Equal(3, imported);
        Assert.Equal(3, await DonationsAsync(w));
        Assert.Equal(20000m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
        Assert.Equal(66m, await w.BalanceAsync(w.General, ChartOfAccounts.Cash));
        Assert.Equal(500.50m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task One_bad_row_among_valid_ones_imports_nothing_and_names_the_row()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(Csv(
            "2021-03-01,企业,重庆巴渝建设集团,20000,银行转账,GEN,是,\n" +
            "2021-03-02,个人,李四,1,000.00,微信,GEN,否,\n" +
            "2021-03-05,个人,赵六,300,现金,NOPE,否,\n" +
            "2021-03-03,个人,张三,100,现金,GEN,否,\n")), w.Secretary, w.Tenant));
        var messages = ex.Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains(messages, m => m.Contains("未导入任何数据"));
        Assert.Contains(messages, m => m.StartsWith("第 3 行", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("第 4 行", StringComparison.Ordinal) && m.Contains("NOPE"));
        Assert.DoesNotContain(messages, m => m.StartsWith("第 2 行", StringComparison.Ordinal));
        Assert.Equal(0, await DonationsAsync(w));
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_row_the_ledger_refuses_rolls_back_the_rows_before_it()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.InTenantAsync(w.Tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(new PeriodClose { ThroughDate = new DateOnly(2021, 1, 31), ClosedBy = w.Committee.Id, ClosedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(Csv(
            "2021-03-01,企业,重庆巴渝建设集团,20000,银行转账,GEN,是,\n" +
            "2021-01-15,个人,李四,100,现金,GEN,否,\n")), w.Secretary, w.Tenant));
        Assert.Equal(0, await DonationsAsync(w));
        Assert.Equal(0m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task An_xlsx_workbook_imports_like_a_csv()
    {
        var w = await LedgerWorld.CreateAsync(f);
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("捐赠");
        string[] headers = ["Date", "DonorKind", "Donor", "Amount", "Channel", "FundCode", "Consent", "Note"];
        for (var i = 0; i < headers.Length; i++) sheet.Cell(1, i + 1).Value = headers[i];
        sheet.Cell(2, 1).Value = new DateTime(2021, 6, 1);
        sheet.Cell(2, 2).Value = "企业"; sheet.Cell(2, 3).Value = "重庆市商会会员企业"; sheet.Cell(2, 4).Value = 1234.56;
        sheet.Cell(2, 5).Value = "支付宝"; sheet.Cell(2, 6).Value = "GEN"; sheet.Cell(2, 7).Value = "是";
        using var stream = new MemoryStream();
        book.SaveAs(stream);

        Assert.Equal(1, await f.SendAsync(Upload(stream.ToArray()), w.Secretary, w.Tenant));
        Assert.Equal(1234.56m, await w.BalanceAsync(w.General, ChartOfAccounts.Bank));
    }

    [Fact]
    public async Task A_file_that_is_neither_csv_nor_xlsx_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00];
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(png), w.Secretary, w.Tenant));
        Assert.Contains("CSV 或 Excel", Assert.Single(ex.Errors).ErrorMessage);
        var missing = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(Encoding.UTF8.GetBytes("a,b\n1,2\n")), w.Secretary, w.Tenant));
        Assert.Contains("缺少必需的列", Assert.Single(missing.Errors).ErrorMessage);
    }
}
