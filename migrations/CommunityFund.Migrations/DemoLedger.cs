using System.Globalization;
using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;
using CommunityFund.Web.Features.Ledger.Funds;
using CommunityFund.Web.Features.Ledger.Income;
using CommunityFund.Web.Features.Ledger.Inventory;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using CommunityFund.Web.Infrastructure.Web;
using InKindRecordModel = CommunityFund.Web.Features.Ledger.InKind.RecordModel;

namespace CommunityFund.Migrations;

/// <summary>
/// The Shipingqiao fund's books as the real fund raised them in 2020–2021: the sub-district's own small funds
/// (≈¥200k), ¥600k 幸福家园建设资金 from the city charity federation, ¥200k targeted support from the district
/// federation, ≈50 chamber-of-commerce firms giving ¥360k, and ≈¥1M of donated goods, part of them already issued.
/// Every document is sent as the same command the secretariat's form sends, so the demo books obey every rule.
/// </summary>
public static class DemoLedger
{
    private static readonly (string Code, string Zh, string En, FundKind Kind, string? Purpose)[] Funds =
    [
        ("GEN", "综合基金", "General fund", FundKind.Unrestricted, null),
        ("CMJJ", "春苗基金", "Spring Sprout Fund", FundKind.Restricted, "资助辖区困难家庭学生就学"),
        ("HSHJJ", "黄素华基金", "Huang Suhua Fund", FundKind.Restricted, "关爱辖区高龄独居老人"),
        ("RDGY", "人大公益基金", "People's Congress Public Welfare Fund", FundKind.Unrestricted, null),
        ("XFJY", "幸福家园建设资金", "Happy Home Construction Fund", FundKind.Restricted, "老旧小区公共空间改造与社区营造"),
        ("QZFC", "区慈善会定向帮扶资金", "District Federation Targeted Support", FundKind.Restricted, "特殊困难群体定向帮扶"),
        ("QYJZ", "企业捐赠资金", "Enterprise Donations", FundKind.Unrestricted, null),
    ];

    private static readonly string[] Firms =
    [
        "重庆渝兴实业有限公司", "重庆巴渝建设集团有限公司", "重庆石坪桥商贸有限公司", "重庆九龙坡区商会", "重庆长江物流有限公司",
        "重庆山城火锅餐饮管理有限公司", "重庆嘉陵机电有限公司", "重庆华岩建材有限公司", "重庆杨家坪百货有限公司", "重庆谢家湾印务有限公司",
        "重庆黄桷坪文化传播有限公司", "重庆渝州物业管理有限公司", "重庆鹅公岩汽车服务有限公司", "重庆西彭铝业有限公司", "重庆白市驿农业发展有限公司",
        "重庆中梁山建筑工程有限公司", "重庆歇台子医药连锁有限公司", "重庆奥体装饰工程有限公司", "重庆彩云湖环保科技有限公司", "重庆大渡口钢构有限公司",
        "重庆二郎科技园开发有限公司", "重庆石桥铺电子市场有限公司", "重庆陈家坪汽配有限公司", "重庆渝能电力工程有限公司", "重庆天宝食品有限公司",
        "重庆同心粮油有限公司", "重庆安居家政服务有限公司", "重庆善行教育咨询有限公司", "重庆火炬钢材贸易有限公司", "重庆朝阳眼镜有限公司",
        "重庆顺达运输有限公司", "重庆鑫源五金机电有限公司", "重庆万家乐超市有限公司", "重庆康宁大药房有限公司", "重庆恒通建筑劳务有限公司",
        "重庆锦绣园林绿化有限公司", "重庆九龙饭店管理有限公司", "重庆巴蜀印象文化有限公司", "重庆立信会计师事务所", "重庆德润律师事务所",
        "重庆宏达汽车销售有限公司", "重庆美佳乐服饰有限公司", "重庆绿源净水设备有限公司", "重庆和美口腔门诊部", "重庆博雅书店有限公司",
        "重庆智汇信息技术有限公司", "重庆福瑞养老服务有限公司", "重庆喜乐来面包坊", "重庆大江机械制造有限公司", "重庆新世纪百货石坪桥店",
    ];

    private static readonly (string Donor, DonorKind Kind, string Basis, (string Name, decimal Qty, string Unit, decimal UnitValue)[] Items)[] Goods =
    [
        ("重庆同心粮油有限公司", DonorKind.Enterprise, "按捐赠方提供的出厂价发票估值",
            [("大米（10kg）", 5000, "袋", 55m), ("菜籽油（5L）", 4000, "桶", 68m)]),
        ("重庆博雅书店有限公司", DonorKind.Enterprise, "按市场零售价八折估值",
            [("学生书包", 1500, "个", 80m), ("文具礼包", 3000, "套", 35m)]),
        ("重庆康宁大药房有限公司", DonorKind.Enterprise, "按采购发票估值",
            [("医用外科口罩", 100000, "只", 0.8m), ("消毒液（500ml）", 5000, "瓶", 12m), ("额温枪", 300, "把", 120m)]),
        ("重庆市慈善总会", DonorKind.SocialOrganisation, "按调拨单所列价值",
            [("过冬棉被", 600, "床", 150m), ("保温杯", 1000, "个", 40m)]),
    ];

    public static async Task SeedAsync(string connectionString, TenantInfo tenant, AppUser secretary, TextWriter log, CancellationToken ct = default)
    {
        // The real application, without its web server: every demo document goes through the same commands
        // (validation, idempotency, audit, one transaction each) that the secretariat's forms send.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:Default"] = connectionString;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:Json"] = "false";
        builder.Configuration["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "communityfund-seed-mail");
        builder.AddCommunityFund();
        CommunityFund.Web.Features.FeaturesServiceCollectionExtensions.AddFeatures(builder.Services);
        await using var app = builder.Build();

        async Task<T> SendAsync<T>(IRequest<T> request)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<ITenantContext>().Set(tenant);
            var http = new DefaultHttpContext { RequestServices = sp };
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, secretary.Id.ToString()), new Claim(ClaimTypes.Email, secretary.Email!), new Claim(ClaimTypes.Name, secretary.Email!)], "seed"));
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
            return await sp.GetRequiredService<IMediator>().Send(request, ct);
        }

        Dictionary<string, Guid> funds;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Set<JournalEntry>().AnyAsync(ct))
            {
                log.WriteLine($"  {tenant.Identifier}: books already hold entries, ledger demo data left as it is");
                return;
            }
            var existing = await db.Set<Fund>().Select(f => f.Code).ToListAsync(ct);
            foreach (var f in Funds.Where(f => !existing.Contains(f.Code)))
                await SendAsync(new EditModel.Command { Code = f.Code, NameZh = f.Zh, NameEn = f.En, Kind = f.Kind.ToString(), Purpose = f.Purpose ?? "" });
            funds = await db.Set<Fund>().ToDictionaryAsync(f => f.Code, f => f.Id, ct);
        }

        var random = new Random(2020);
        Task<RecordedDonation> Donate(DonorKind kind, string donor, decimal amount, DonationChannel channel, string fund, DateOnly date, bool consent, string note) =>
            SendAsync(new RecordModel.Command
            {
                IdempotencyKey = InputRules.NewIdempotencyKey(), DonorKind = kind.ToString(), DonorName = donor, Amount = Text(amount),
                Channel = channel.ToString(), FundId = funds[fund], Date = Text(date), PublicListingConsent = consent, Note = note,
            });

        // The sub-district's own small funds.
        await Donate(DonorKind.Individual, "黄素华", 80000m, DonationChannel.BankTransfer, "HSHJJ", new DateOnly(2020, 9, 1), true, "设立黄素华基金");
        await Donate(DonorKind.SocialOrganisation, "石坪桥街道人大工委", 50000m, DonationChannel.BankTransfer, "RDGY", new DateOnly(2020, 9, 15), true, "人大代表捐赠");
        await Donate(DonorKind.SocialOrganisation, "石坪桥街道春苗助学会", 70000m, DonationChannel.BankTransfer, "CMJJ", new DateOnly(2020, 10, 8), true, "春苗基金注资");
        // Federations: the city's 幸福家园 money and the district's targeted support.
        await SendAsync(new FederationModel.Command
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), Federation = "City", AgreementReference = "渝慈〔2020〕58号", Purpose = "幸福家园建设项目",
            FundId = funds["XFJY"].ToString(), Amount = "600000", Date = "2020-11-20",
        });
        await SendAsync(new FederationModel.Command
        {
            IdempotencyKey = InputRules.NewIdempotencyKey(), Federation = "District", AgreementReference = "九慈协〔2021〕12号", Purpose = "特殊困难群体定向帮扶",
            FundId = funds["QZFC"].ToString(), Amount = "200000", Date = "2021-01-18",
        });
        // About fifty firms of the chamber of commerce, ¥360,000 together.
        var amounts = SplitEvenly(360000m, Firms.Length, random);
        for (var k = 0; k < Firms.Length; k++)
        {
            var channel = k % 7 == 0 ? DonationChannel.Alipay : k % 5 == 0 ? DonationChannel.WeChatPay : DonationChannel.BankTransfer;
            await Donate(DonorKind.Enterprise, Firms[k], amounts[k], channel, "QYJZ", new DateOnly(2020, 12, 1).AddDays(random.Next(0, 150)), k % 4 != 3, "商会“爱心企业”捐赠");
        }
        // Donated goods, about ¥1,000,000, and the first issues to beneficiaries.
        foreach (var g in Goods)
        {
            await SendAsync(new InKindRecordModel.Command
            {
                IdempotencyKey = InputRules.NewIdempotencyKey(), DonorKind = g.Kind.ToString(), DonorName = g.Donor, FundId = funds["GEN"].ToString(),
                Date = Text(new DateOnly(2021, 1, 10).AddDays(random.Next(0, 60))), ValuationBasis = g.Basis,
                Items = g.Items.Select(i => new InKindRecordModel.ItemLine { Name = i.Name, Quantity = Text(i.Qty), Unit = i.Unit, UnitValue = Text(i.UnitValue) }).ToList(),
            });
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
            var items = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<InventoryItem>().ToDictionaryAsync(i => i.Name, i => i.Id, ct);
            foreach (var (item, qty, recipient, date) in Issues)
                await SendAsync(new IssueModel.Command { IdempotencyKey = InputRules.NewIdempotencyKey(), ItemId = items[item], Quantity = Text(qty), Recipient = recipient, Date = Text(date) });
        }
        // The general fund receives a few individual gifts; one anonymous, one online.
        await Donate(DonorKind.Individual, "刘建华", 2000m, DonationChannel.WeChatPay, "GEN", new DateOnly(2021, 4, 2), true, "");
        await Donate(DonorKind.Anonymous, "", 1005.20m, DonationChannel.Cash, "GEN", new DateOnly(2021, 4, 3), false, "社区义卖");
        await Donate(DonorKind.Individual, "陈晓梅", 500m, DonationChannel.Online, "GEN", new DateOnly(2021, 4, 9), true, "99公益日");
        log.WriteLine($"  {tenant.Identifier}: ledger demo data loaded (7 funds, {Firms.Length + 6} donations, 2 federation grants, {Goods.Length} in-kind donations, {Issues.Length} goods issues)");
    }

    private static readonly (string Item, decimal Qty, string Recipient, DateOnly Date)[] Issues =
    [
        ("大米（10kg）", 1200, "春节慰问辖区低保户、特困户", new DateOnly(2021, 3, 15)),
        ("学生书包", 600, "春苗助学：辖区困难家庭学生", new DateOnly(2021, 3, 16)),
        ("医用外科口罩", 30000, "社区疫情防控志愿者", new DateOnly(2021, 3, 20)),
    ];

    private static string Text(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Splits a total into <paramref name="parts"/> round amounts (multiples of ¥500, at least ¥2,000) that add up exactly.</summary>
    private static decimal[] SplitEvenly(decimal total, int parts, Random random)
    {
        var amounts = Enumerable.Range(0, parts).Select(_ => 2000m + 500m * random.Next(0, 20)).ToArray();
        var scale = total / amounts.Sum();
        for (var i = 0; i < parts; i++) amounts[i] = Math.Max(2000m, Math.Round(amounts[i] * scale / 500m, 0) * 500m);
        amounts[^1] += total - amounts.Sum();
        return amounts;
    }
}
