using System.Globalization;
using Microsoft.Playwright;
using CommunityFund.E2ETests.Infrastructure;
using CommunityFund.Migrations;
using CommunityFund.Web.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace CommunityFund.E2ETests;

/// <summary>The secretariat's bookkeeping in the browser, on the demo books of shipingqiao.</summary>
[Collection(E2ECollection.Name)]
public sealed class LedgerTests(E2EFixture app)
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
}
