using System.Net;
using System.Text.RegularExpressions;
using CommunityFund.UnitTests.Features.Contests.ScreeningFeature;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;
using CommunityFund.Web.Features.Ledger.Reports;
using Microsoft.Extensions.Time.Testing;

namespace CommunityFund.UnitTests.Kernel;

/// <summary>One "today" for every area: China Standard Time's date from the one clock, whatever the server's zone.</summary>
public partial class FundTimeTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    // 2026-03-11 16:30 UTC is 2026-03-12 00:30 in Beijing.
    private static readonly DateTimeOffset HalfPastMidnightInChina = new(2026, 3, 11, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Today_is_the_china_date_even_when_utc_is_still_on_the_day_before()
    {
        Assert.Equal(new DateOnly(2026, 3, 12), new FakeTimeProvider(HalfPastMidnightInChina).Today());
        Assert.Equal(new DateOnly(2026, 3, 11), new FakeTimeProvider(HalfPastMidnightInChina.AddHours(-1)).Today()); // 23:30 in Beijing
    }

    [Fact]
    public async Task A_donation_recorded_at_half_past_midnight_china_time_is_dated_that_china_day_and_the_trial_balance_as_of_today_includes_it()
    {
        var w = await LedgerWorld.CreateAsync(f);
        using var app = new ClockedApp(f, HalfPastMidnightInChina);
        var client = app.CreateClient();
        await HttpLogin.SignInAsync(client, w.Tenant.Identifier, w.Secretary.Email!, SliceFixture.Password);

        var form = await client.GetStringAsync($"/{w.Tenant.Identifier}/ledger/donations/record");
        var defaultDate = DateValue().Match(form).Groups[1].Value;
        Assert.Equal("2026-03-12", defaultDate);

        await app.SendAsync(new RecordModel.Command
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), DonorKind = "Individual", DonorName = "王五", Amount = "88.00",
            Channel = "Cash", FundId = w.General, Date = defaultDate, PublicListingConsent = false,
        }, w.Secretary, w.Tenant);

        var balance = await app.SendAsync(new TrialBalanceModel.Query(), w.Committee, w.Tenant);
        Assert.Equal(new DateOnly(2026, 3, 12), balance.AsOf);
        Assert.Contains(balance.Rows, r => r.Code == "1001" && r.Debit == 88.00m); // cash on hand
    }

    [GeneratedRegex("name=\"Input.Date\"[^>]*value=\"([0-9-]+)\"")]
    private static partial Regex DateValue();
}
