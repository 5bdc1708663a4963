using System.Net;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Features.Ledger.Income;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.InKind;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;

namespace CommunityFund.UnitTests.Features.Ledger.InKind;

/// <summary>物资捐赠: appraised goods go into the fund's inventory and post one balanced entry for the rounded total.</summary>
public class InKindDonationTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    public static RecordModel.ItemLine Line(string name, string quantity, string unit, string unitValue) =>
        new() { Name = name, Quantity = quantity, Unit = unit, UnitValue = unitValue };

    public static RecordModel.Command Donation(Guid fund, params RecordModel.ItemLine[] items) => new()
    {
        IdempotencyKey = Books.NewKey(), DonorKind = "Enterprise", DonorName = "重庆某粮油有限公司", FundId = fund.ToString(), Date = "2021-01-20",
        ValuationBasis = "按捐赠方提供的发票金额", Items = items.ToList(),
    };

    [Fact]
    public async Task An_in_kind_donation_posts_inventory_against_in_kind_income_for_the_rounded_total()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var recorded = await f.SendAsync(Donation(w.Restricted,
            Line("大米", "500", "袋", "45.50"),        // 22,750.00
            Line("食用油", "3.333", "桶", "2.35")),     // 7.83255 → 7.83
            w.Secretary, w.Tenant);

        Assert.Equal(22757.83m, recorded.Total);
        var donation = Assert.Single(await Books.AllAsync<InKindDonation>(w));
        Assert.Equal((w.Restricted, 22757.83m, "按捐赠方提供的发票金额", new DateOnly(2021, 1, 20)), (donation.FundId, donation.Total, donation.ValuationBasis, donation.Date));
        var lines = (await Books.AllAsync<InKindDonationItem>(w)).OrderBy(i => i.Id).ToList();
        Assert.Equal([22750.00m, 7.83m], lines.Select(i => i.Subtotal));
        Assert.Equal([500m, 3.333m], lines.Select(i => i.Quantity));
        Assert.Equal([45.50m, 2.35m], lines.Select(i => i.UnitValue));

        var entry = Assert.Single(await Books.EntriesAsync(w));
        Assert.Equal((donation.EntryId, EntryKind.InKindDonation, nameof(InKindDonation), (Guid?)donation.Id), (entry.Id, entry.Kind, entry.SourceType, entry.SourceId));
        Books.AssertBalanced(entry);
        Assert.Equal(2, entry.Lines.Count);
        Assert.Equal(22757.83m, (await Books.LineAsync(w, entry, ChartOfAccounts.Inventory, w.Restricted)).Debit);
        Assert.Equal(22757.83m, (await Books.LineAsync(w, entry, ChartOfAccounts.InKindDonation, w.Restricted)).Credit);
        Assert.Equal(22757.83m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Inventory));

        var items = (await Books.AllAsync<InventoryItem>(w)).OrderBy(i => i.Name).ToList();
        Assert.Equal([("大米", "袋", 500m, 22750.00m), ("食用油", "桶", 3.333m, 7.83m)], items.Select(i => (i.Name, i.Unit, i.QuantityOnHand, i.ValueOnHand)).OrderBy(x => x.Name));
        Assert.All(items, i => Assert.Equal(w.Restricted, i.FundId));
        var movements = await Books.AllAsync<InventoryMovement>(w);
        Assert.Equal(2, movements.Count);
        Assert.All(movements, m => Assert.Equal((MovementKind.Received, entry.Id, new DateOnly(2021, 1, 20)), (m.Kind, m.EntryId, m.Date)));
        Assert.Equal(lines.Select(l => l.InventoryItemId).Order(), movements.Select(m => m.InventoryItemId).Order());
        Assert.Equal(items.Sum(i => i.ValueOnHand), movements.Sum(m => m.Value));
        await Books.AssertMaintainedBalancesMatchJournalAsync(w);
    }

    [Fact]
    public async Task The_same_item_and_unit_in_the_same_fund_accumulates_while_another_unit_or_fund_keeps_its_own()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, Line("大米", "100", "袋", "50")), w.Secretary, w.Tenant);
        await f.SendAsync(Donation(w.General, Line(" 大米 ", "20.5", "袋", "50"), Line("大米", "30", "kg", "6")), w.Secretary, w.Tenant);
        await f.SendAsync(Donation(w.Restricted, Line("大米", "10", "袋", "50")), w.Secretary, w.Tenant);

        var items = await Books.AllAsync<InventoryItem>(w);
        Assert.Equal(3, items.Count);
        var bags = items.Single(i => i.FundId == w.General && i.Unit == "袋");
        Assert.Equal(("大米", 120.5m, 6025.00m), (bags.Name, bags.QuantityOnHand, bags.ValueOnHand));
        Assert.Equal(180m, items.Single(i => i.Unit == "kg").ValueOnHand);
        Assert.Equal(500m, items.Single(i => i.FundId == w.Restricted).ValueOnHand);
        Assert.Equal(6205m, await w.BalanceAsync(w.General, ChartOfAccounts.Inventory));
        Assert.Equal(500m, await w.BalanceAsync(w.Restricted, ChartOfAccounts.Inventory));
        Assert.Equal(3, (await Books.EntriesAsync(w)).Count);
    }

    [Fact]
    public async Task A_new_donor_joins_the_register_once_and_4_byte_characters_round_trip()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var first = Donation(w.General, Line("𠀀米", "1", "𠀀袋", "10"));
        first.DonorName = "𠀀记粮油店";
        first.ValuationBasis = "𠀀 市场价 🍚";
        await f.SendAsync(first, w.Secretary, w.Tenant);
        var again = Donation(w.General, Line("𠀀米", "2", "𠀀袋", "10"));
        again.DonorName = "𠀀记粮油店";
        await f.SendAsync(again, w.Secretary, w.Tenant);

        var donor = Assert.Single(await Books.AllAsync<Donor>(w));
        Assert.Equal(("𠀀记粮油店", DonorKind.Enterprise), (donor.Name, donor.Kind));
        Assert.All(await Books.AllAsync<InKindDonation>(w), d => Assert.Equal(donor.Id, d.DonorId));
        var item = Assert.Single(await Books.AllAsync<InventoryItem>(w));
        Assert.Equal(("𠀀米", "𠀀袋", 3m), (item.Name, item.Unit, item.QuantityOnHand));
        Assert.Contains(await Books.AllAsync<InKindDonation>(w), d => d.ValuationBasis == "𠀀 市场价 🍚");
        Assert.All(await Books.EntriesAsync(w), e => Assert.Contains("𠀀记粮油店", e.Description));
    }

    [Fact]
    public async Task A_donor_is_chosen_from_the_register_and_anonymous_donors_need_no_name_but_another_tenants_donor_is_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var named = Donation(w.General, Line("书包", "40", "个", "60"));
        named.DonorKind = "Individual";
        named.DonorName = "刘素华";
        await f.SendAsync(named, w.Secretary, w.Tenant);
        var donorId = Assert.Single(await Books.AllAsync<Donor>(w)).Id;

        var byId = Donation(w.General, Line("文具盒", "40", "个", "12.5"));
        byId.DonorId = donorId.ToString();
        byId.DonorName = "";
        await f.SendAsync(byId, w.Secretary, w.Tenant);
        var anonymous = Donation(w.General, Line("口罩", "1000", "只", "0.8"));
        anonymous.DonorKind = "Anonymous";
        anonymous.DonorName = "";
        await f.SendAsync(anonymous, w.Secretary, w.Tenant);

        var donors = await Books.AllAsync<Donor>(w);
        Assert.Equal(2, donors.Count);
        Assert.Equal(2, (await Books.AllAsync<InKindDonation>(w)).Count(d => d.DonorId == donorId));
        Assert.Equal("匿名", donors.Single(d => d.Kind == DonorKind.Anonymous).Name);

        await f.SendAsync(Donation(other.General, Line("书包", "1", "个", "60")), other.Secretary, other.Tenant);
        var foreign = Donation(w.General, Line("书包", "1", "个", "60"));
        foreign.DonorId = Assert.Single(await Books.AllAsync<Donor>(other)).Id.ToString();
        var ex = await Books.RefusedAsync(() => f.SendAsync(foreign, w.Secretary, w.Tenant));
        Assert.Contains("捐赠人不存在", Books.MessageFor(ex, "DonorId"));
        var nameless = Donation(w.General, Line("书包", "1", "个", "60"));
        nameless.DonorName = " ";
        Assert.Contains("请填写捐赠人名称", Books.MessageFor(await Books.RefusedAsync(() => f.SendAsync(nameless, w.Secretary, w.Tenant)), "DonorName"));
        Assert.Equal(3, await Books.CountAsync<InKindDonation>(w));
    }

    [Fact]
    public async Task The_same_idempotency_key_records_the_donation_once()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var command = Donation(w.General, Line("大米", "100", "袋", "50"), Line("食用油", "50", "桶", "80"));
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => f.SendAsync(command, w.Secretary, w.Tenant))));
        Assert.Single(results.Distinct());
        Assert.Single(await Books.AllAsync<InKindDonation>(w));
        Assert.Single(await Books.EntriesAsync(w));
        Assert.Equal(2, await Books.CountAsync<InventoryMovement>(w));
        Assert.Equal(100m, (await Books.AllAsync<InventoryItem>(w)).Single(i => i.Name == "大米").QuantityOnHand);
        Assert.Equal(9000m, await w.BalanceAsync(w.General, ChartOfAccounts.Inventory));
    }

    [Theory]
    [InlineData("", "请填写数量")]
    [InlineData("abc", "数量必须是数字")]
    [InlineData("1,000", "数量中不要输入千位分隔符")]
    [InlineData("１０", "请使用半角数字")]
    [InlineData("-1", "数量必须大于零")]
    [InlineData("0", "数量必须大于零")]
    [InlineData("1.2345", "最多保留三位小数")]
    [InlineData("1000000000", "数量不能超过")]
    public async Task A_bad_quantity_is_refused_with_its_own_message_and_nothing_is_saved(string quantity, string message)
    {
        var w = await LedgerWorld.CreateAsync(f);
        var ex = await Books.RefusedAsync(() => f.SendAsync(Donation(w.General, Line("大米", "10", "袋", "50"), Line("食用油", quantity, "桶", "80")), w.Secretary, w.Tenant));
        Assert.Contains(message, Books.MessageFor(ex, "Items[1].Quantity"));
        Assert.Equal("", Books.MessageFor(ex, "Items[0].Quantity"));
        Assert.Equal(0, await Books.CountAsync<InKindDonation>(w));
        Assert.Equal(0, await Books.CountAsync<InventoryItem>(w));
        Assert.Equal(0, await Books.CountAsync<Donor>(w));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task Bad_unit_values_missing_fields_no_lines_a_tampered_fund_and_sub_fen_lines_are_refused()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var other = await LedgerWorld.CreateAsync(f);
        var bad = Donation(w.General, Line("", "10", "", "１０"), Line("大米", "10", "袋", "1,000.00"), Line("大米", "10", "袋", "0.001"),
            Line("纸巾", "0.001", "包", "1"));
        bad.ValuationBasis = "";
        bad.Date = "20/01/2021";
        var ex = await Books.RefusedAsync(() => f.SendAsync(bad, w.Secretary, w.Tenant));
        Assert.Contains("请填写物资名称", Books.MessageFor(ex, "Items[0].Name"));
        Assert.Contains("请填写单位", Books.MessageFor(ex, "Items[0].Unit"));
        Assert.Contains("请使用半角数字", Books.MessageFor(ex, "Items[0].UnitValue"));
        Assert.Contains("不要输入千位分隔符", Books.MessageFor(ex, "Items[1].UnitValue"));
        Assert.Contains("最多保留两位小数", Books.MessageFor(ex, "Items[2].UnitValue"));
        Assert.Contains("不足一分钱", Books.MessageFor(ex, "Items[3].Quantity"));
        Assert.Contains("请填写估值依据", Books.MessageFor(ex, "ValuationBasis"));
        Assert.Contains("请填写有效日期", Books.MessageFor(ex, "Date"));

        var empty = Donation(w.General);
        Assert.Contains("请至少登记一项物资", Books.MessageFor(await Books.RefusedAsync(() => f.SendAsync(empty, w.Secretary, w.Tenant)), "Items"));
        var foreign = Donation(other.General, Line("大米", "10", "袋", "50"));
        Assert.Contains("基金不存在", Books.MessageFor(await Books.RefusedAsync(() => f.SendAsync(foreign, w.Secretary, w.Tenant)), "FundId"));
        var huge = Donation(w.General, Line("写字楼", "999999999", "间", "999999999999"));
        Assert.Contains("合计金额不能超过", Books.MessageFor(await Books.RefusedAsync(() => f.SendAsync(huge, w.Secretary, w.Tenant)), "Items"));

        Assert.Equal(0, await Books.CountAsync<InKindDonation>(w));
        Assert.Equal(0, await Books.CountAsync<InventoryItem>(w));
        Assert.Equal(0, await Books.CountAsync<InventoryItem>(other));
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Fact]
    public async Task Only_the_secretariat_records_in_kind_donations()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Donation(w.General, Line("大米", "1", "袋", "50")), w.Committee, w.Tenant));
        Assert.Equal(0, await Books.CountAsync<InKindDonation>(w));
    }

    [Fact]
    public async Task The_form_skips_blank_rows_shows_a_bad_quantity_in_English_and_records_once_corrected()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await Books.SignedInAsync(f, w, w.Secretary);
        var url = $"/{w.Tenant.Identifier}/ledger/inkind/record";
        Assert.Contains("data-testid=\"item-line\"", await Books.PageAsync(client, url));
        var fields = new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.DonorId"] = "", ["Input.DonorKind"] = "SocialOrganisation", ["Input.DonorName"] = "石坪桥志愿者协会",
            ["Input.FundId"] = w.General.ToString(), ["Input.Date"] = "2021-05-04", ["Input.ValuationBasis"] = "市场价",
            ["Input.Items[0].Name"] = "", ["Input.Items[0].Quantity"] = "", ["Input.Items[0].Unit"] = "", ["Input.Items[0].UnitValue"] = "",
            ["Input.Items[1].Name"] = "防护服", ["Input.Items[1].Quantity"] = "12.5.1", ["Input.Items[1].Unit"] = "套", ["Input.Items[1].UnitValue"] = "35",
        };

        var response = await HttpLogin.PostFormAsync(client, url + "?culture=en", fields);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The quantity must be a number", html);
        Assert.Contains("value=\"12.5.1\"", html);
        Assert.Contains("value=\"防护服\"", html);
        Assert.Equal(0, await Books.CountAsync<InKindDonation>(w));

        fields["Input.Items[1].Quantity"] = "12";
        response = await HttpLogin.PostFormAsync(client, url, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = Assert.Single(await Books.AllAsync<InventoryItem>(w));
        Assert.Equal(("防护服", 12m, 420m), (item.Name, item.QuantityOnHand, item.ValueOnHand));
        var list = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/inkind");
        Assert.Contains("已登记物资捐赠 ¥420.00，并生成第 1 号凭证", list);
        Assert.Contains("石坪桥志愿者协会", list);
        Assert.Contains("¥420.00", list);
    }

    [Fact]
    public async Task Adding_a_line_without_JavaScript_saves_nothing_and_the_pages_show_empty_states()
    {
        var w = await LedgerWorld.CreateAsync(f);
        var client = await Books.SignedInAsync(f, w, w.Secretary);
        var t = w.Tenant.Identifier;
        Assert.Contains("还没有登记物资捐赠", await Books.PageAsync(client, $"/{t}/ledger/inkind"));
        Assert.Contains("库存中还没有物资", await Books.PageAsync(client, $"/{t}/ledger/inventory"));
        Assert.Contains("There are no goods in the inventory yet", await Books.PageAsync(client, $"/{t}/ledger/inventory?culture=en"));

        var response = await HttpLogin.PostFormAsync(client, $"/{t}/ledger/inkind/record?handler=AddLine", new Dictionary<string, string>
        {
            ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.FundId"] = w.General.ToString(), ["Input.Date"] = "2021-05-04",
            ["Input.Items[0].Name"] = "大米", ["Input.Items[0].Quantity"] = "1", ["Input.Items[0].Unit"] = "袋", ["Input.Items[0].UnitValue"] = "50",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, html.Split("data-testid=\"item-line\"").Length - 1);
        Assert.Contains("name=\"Input.Items[1].Name\"", html);
        Assert.Equal(0, await Books.CountAsync<JournalEntry>(w));
    }

    [Theory]
    [InlineData(TenantRole.Judge)]
    [InlineData(TenantRole.OrgMember)]
    public async Task A_judge_or_an_organisation_member_is_refused_the_in_kind_form_and_sees_no_donor_name(TenantRole role)
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, Line("大米", "10", "袋", "50")), w.Secretary, w.Tenant);
        var visitor = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, visitor, role);
        var client = await Books.SignedInAsync(f, w, visitor);
        var t = w.Tenant.Identifier;

        var response = await client.GetAsync($"/{t}/ledger/inkind/record");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("重庆某粮油有限公司", await response.Content.ReadAsStringAsync());

        // "Add a line" redraws the form without saving: it is refused the same way, not a back door to the picker.
        var token = await HttpLogin.AntiforgeryTokenAsync(client, $"/{t}");
        Assert.NotEmpty(token);
        response = await client.PostAsync($"/{t}/ledger/inkind/record?handler=AddLine", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.IdempotencyKey"] = Books.NewKey(), ["Input.FundId"] = w.General.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("重庆某粮油有限公司", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_secretariat_picks_the_donor_from_the_register_on_the_in_kind_form()
    {
        var w = await LedgerWorld.CreateAsync(f);
        await f.SendAsync(Donation(w.General, Line("大米", "10", "袋", "50")), w.Secretary, w.Tenant);
        var client = await Books.SignedInAsync(f, w, w.Secretary);

        var html = await Books.PageAsync(client, $"/{w.Tenant.Identifier}/ledger/inkind/record");
        Assert.Contains("重庆某粮油有限公司", html);
        Assert.Contains("综合基金", html);
    }
}
