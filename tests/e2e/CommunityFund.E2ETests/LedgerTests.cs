using System.Globalization;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>The secretariat's bookkeeping in the browser, on the demo books of shipingqiao.</summary>
[Collection(E2ECollection.Name)]
public sealed class LedgerTests(E2EFixture app) : BrowserTest
{
    private static readonly string Secretariat = DemoData.EmailOf("shipingqiao", TenantRole.Secretariat);

    private static decimal Money(string text) =>
        decimal.Parse(text.Replace("¥", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);

    private static async Task<decimal> CashOfAsync(IPage page, string fundCode)
    {
        await page.GotoAsync("/shipingqiao/ledger/funds");
        return Money(await page.GetByTestId($"fund-{fundCode}").GetByTestId("cash").InnerTextAsync());
    }

    [Fact]
    public async Task The_secretariat_records_a_donation_prints_its_receipt_and_sees_the_fund_balance_rise()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync("shipingqiao", Secretariat, DemoData.Password);
        var before = await CashOfAsync(page, "CMJJ");

        await page.GotoAsync("/shipingqiao/ledger/donations/record");
        await page.Locator("select[name='Input.DonorKind']").SelectOptionAsync("Enterprise");
        await page.Locator("input[name='Input.DonorName']").FillAsync("重庆北斗星科技有限公司");
        await page.Locator("input[name='Input.Amount']").FillAsync("360000");
        await page.Locator("select[name='Input.Channel']").SelectOptionAsync("BankTransfer");
        await page.Locator("input[name='Input.Date']").FillAsync("2021-05-20");
        await page.Locator("select[name='Input.FundId']").SelectOptionAsync(new SelectOptionValue { Label = "春苗基金（CMJJ）" });
        await page.Locator("#Input_PublicListingConsent").CheckAsync();
        var receipt = await page.SubmitAsync(page.GetByTestId("donation-form").Locator("button[type=submit]"));

        Assert.Equal(200, receipt.Status);
        await Expect(page.GetByTestId("receipt-capital")).ToHaveTextAsync("人民币叁拾陆万元整");
        await Expect(page.GetByTestId("receipt-amount")).ToHaveTextAsync("¥360,000.00");
        await Expect(page.GetByTestId("receipt")).ToContainTextAsync("重庆北斗星科技有限公司");
        // What the printer gets: the print stylesheet hides the site's chrome and keeps the receipt.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("header nav")).ToBeHiddenAsync();
        var shot = Path.Combine(RepoPaths.ScreenshotDirectory, "donation-receipt-print.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 1000);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        Assert.Equal(before + 360000m, await CashOfAsync(page, "CMJJ"));
    }

    [Fact]
    public async Task A_mistyped_amount_is_explained_on_the_form_and_nothing_is_recorded()
    {
        await using var context = await app.NewContextAsync(E2EFixture.Phone);
        var page = await context.NewPageAsync();
        await page.SignInAsync("shipingqiao", Secretariat, DemoData.Password);
        var before = await CashOfAsync(page, "GEN");

        await page.GotoAsync("/shipingqiao/ledger/donations/record");
        await page.Locator("input[name='Input.DonorName']").FillAsync("李四");
        await page.Locator("input[name='Input.Amount']").FillAsync("1,000.00");
        await page.Locator("select[name='Input.FundId']").SelectOptionAsync(new SelectOptionValue { Label = "综合基金（GEN）" });
        var response = await page.SubmitAsync(page.GetByTestId("donation-form").Locator("button[type=submit]"));

        Assert.Equal(200, response.Status);
        await Expect(page.Locator("#Input_Amount").Locator("xpath=ancestor::div[contains(@class,'mb-3')][1]").Locator(".text-danger")).ToContainTextAsync("千位分隔符");
        await Expect(page.Locator("input[name='Input.DonorName']")).ToHaveValueAsync("李四");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, "donation-form-error-phone.png"), FullPage = true });
        Assert.Equal(before, await CashOfAsync(page, "GEN"));
    }

    private static async Task<decimal> InKindOfAsync(IPage page, string fundCode)
    {
        await page.GotoAsync("/shipingqiao/ledger/funds");
        return Money(await page.GetByTestId($"fund-{fundCode}").GetByTestId("inkind").InnerTextAsync());
    }

    [Fact]
    public async Task The_secretariat_records_donated_goods_issues_part_of_them_and_sees_the_in_kind_balance_follow()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // the confirmation before issuing goods
        await page.SignInAsync("shipingqiao", Secretariat, DemoData.Password);
        var before = await InKindOfAsync(page, "GEN");

        await page.GotoAsync("/shipingqiao/ledger/inkind/record");
        var form = page.GetByTestId("inkind-form");
        await page.Locator("select[name='Input.DonorKind']").SelectOptionAsync("Enterprise");
        await page.Locator("input[name='Input.DonorName']").FillAsync("重庆爱心粮油有限公司");
        var funds = page.Locator("select[name='Input.FundId']");
        var general = (await funds.Locator("option").AllInnerTextsAsync()).First(o => o.Contains("GEN", StringComparison.Ordinal));
        await funds.SelectOptionAsync(new SelectOptionValue { Label = general });
        await page.Locator("input[name='Input.Date']").FillAsync("2021-06-01");
        await page.Locator("input[name='Input.Items[0].Name']").FillAsync("爱心大米（5kg）");
        await page.Locator("input[name='Input.Items[0].Quantity']").FillAsync("100");
        await page.Locator("input[name='Input.Items[0].Unit']").FillAsync("袋");
        await page.Locator("input[name='Input.Items[0].UnitValue']").FillAsync("60");
        await page.Locator("textarea[name='Input.ValuationBasis']").FillAsync("按捐赠方出具的销售发票估值");
        var recorded = await page.SubmitAsync(form.Locator("button[type=submit].btn-primary"));
        Assert.Equal(200, recorded.Status);
        Assert.Equal(before + 6000m, await InKindOfAsync(page, "GEN"));

        await page.GotoAsync("/shipingqiao/ledger/inventory");
        await page.Locator("tr", new PageLocatorOptions { HasTextString = "爱心大米（5kg）" }).Locator("a.btn").ClickAsync();
        await page.Locator("input[name='Input.Quantity']").FillAsync("40");
        await page.Locator("input[name='Input.Recipient']").FillAsync("端午慰问辖区困难老人");
        await page.Locator("input[name='Input.Date']").FillAsync("2021-06-10");
        var issued = await page.SubmitAsync(page.GetByTestId("issue-form").Locator("button[type=submit]"));
        Assert.Equal(200, issued.Status);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, "inventory-item-after-issue.png"), FullPage = true });

        Assert.Equal(before + 6000m - 2400m, await InKindOfAsync(page, "GEN"));
    }
}
