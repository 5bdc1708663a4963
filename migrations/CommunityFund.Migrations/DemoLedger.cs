using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Features.Ledger.Donations;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.Migrations;

/// <summary>
/// The Shipingqiao fund's books as the real fund raised them in 2020–2021: the sub-district's own small funds
/// (≈¥200k), ¥600k 幸福家园建设资金 from the city charity federation, ¥200k targeted support from the district
/// federation, ≈50 chamber-of-commerce firms giving ¥360k, and ≈¥1M of donated goods, part of them already issued.
/// Everything posts through <see cref="LedgerService"/>, so the demo books obey every rule real ones do.
/// </summary>
public static class DemoLedger
{
    private sealed class SeedUser(Guid id) : ICurrentUser
    {
        public Guid? UserId => id;
        public string? Email => "seed@communityfund.local";
        public string? IpAddress => null;
        public Task<bool> IsPlatformAdminAsync(CancellationToken ct = default) => Task.FromResult(false);
        public Task<IReadOnlySet<TenantRole>> GetTenantRolesAsync(CancellationToken ct = default) =>
            Task.FromResult<IReadOnlySet<TenantRole>>(new HashSet<TenantRole> { TenantRole.Secretariat });
    }

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

    public static async Task SeedAsync(string connectionString, TenantInfo tenant, Guid secretaryId, TextWriter log, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ITenantContext>(_ => { var t = new TenantContext(); t.Set(tenant); return t; });
        services.AddScoped<ICurrentUser>(_ => new SeedUser(secretaryId));
        services.AddDbContext<AppDbContext>(o => o.UseCommunityFundMySql(string.IsNullOrEmpty(tenant.ConnectionString) ? connectionString : tenant.ConnectionString, AppDbContext.HistoryTable));
        services.AddScoped<LedgerService>();
        services.AddScoped<DonationPosting>();
        await using var provider = services.BuildServiceProvider();

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Set<JournalEntry>().AnyAsync(ct))
            {
                log.WriteLine($"  {tenant.Identifier}: books already hold entries, ledger demo data left as it is");
                return;
            }
            await ChartOfAccounts.EnsureAsync(db, ct);
            foreach (var f in Funds.Where(f => !db.Set<Fund>().Any(x => x.Code == f.Code)))
                db.Add(new Fund { Code = f.Code, NameZh = f.Zh, NameEn = f.En, Kind = f.Kind, Purpose = f.Purpose, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(ct);
        }

        var random = new Random(2020);
        // The sub-district's own small funds.
        await InTransactionAsync(provider, async sp =>
        {
            var posting = sp.GetRequiredService<DonationPosting>();
            var funds = await FundIdsAsync(sp, ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.Individual, "黄素华", null, 80000m, DonationChannel.BankTransfer, funds["HSHJJ"], new DateOnly(2020, 9, 1), true, "设立黄素华基金"), ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.SocialOrganisation, "石坪桥街道人大工委", null, 50000m, DonationChannel.BankTransfer, funds["RDGY"], new DateOnly(2020, 9, 15), true, "人大代表捐赠"), ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.SocialOrganisation, "石坪桥街道春苗助学会", null, 70000m, DonationChannel.BankTransfer, funds["CMJJ"], new DateOnly(2020, 10, 8), true, "春苗基金注资"), ct);
        }, ct);
        // Federations: city (幸福家园) and district (定向帮扶).
        await InTransactionAsync(provider, async sp =>
        {
            var funds = await FundIdsAsync(sp, ct);
            await FederationGrantAsync(sp, "重庆市慈善总会", "渝慈〔2020〕58号", "幸福家园建设项目", funds["XFJY"], 600000m, new DateOnly(2020, 11, 20), ct);
            await FederationGrantAsync(sp, "九龙坡区慈善会", "九慈协〔2021〕12号", "特殊困难群体定向帮扶", funds["QZFC"], 200000m, new DateOnly(2021, 1, 18), ct);
        }, ct);
        // About fifty firms of the chamber of commerce, ¥360,000 together.
        var amounts = SplitEvenly(360000m, Firms.Length, random);
        for (var i = 0; i < Firms.Length; i += 10)
        {
            var batch = Enumerable.Range(i, Math.Min(10, Firms.Length - i)).ToList();
            await InTransactionAsync(provider, async sp =>
            {
                var posting = sp.GetRequiredService<DonationPosting>();
                var funds = await FundIdsAsync(sp, ct);
                foreach (var k in batch)
                {
                    var date = new DateOnly(2020, 12, 1).AddDays(random.Next(0, 150));
                    var channel = k % 7 == 0 ? DonationChannel.Alipay : k % 5 == 0 ? DonationChannel.WeChatPay : DonationChannel.BankTransfer;
                    await posting.RecordAsync(new DonationInput(null, DonorKind.Enterprise, Firms[k], null, amounts[k], channel, funds["QYJZ"], date, k % 4 != 3, "商会“爱心企业”捐赠"), ct);
                }
            }, ct);
        }
        // Donated goods, about ¥1,000,000, and the first issues to beneficiaries.
        foreach (var g in Goods)
            await InTransactionAsync(provider, sp => InKindAsync(sp, g.Donor, g.Kind, g.Basis, g.Items, new DateOnly(2021, 1, 10).AddDays(random.Next(0, 60)), ct), ct);
        await InTransactionAsync(provider, async sp =>
        {
            await IssueAsync(sp, "大米（10kg）", 1200, "春节慰问辖区低保户、特困户", new DateOnly(2021, 2, 5), ct);
            await IssueAsync(sp, "学生书包", 600, "春苗助学：辖区困难家庭学生", new DateOnly(2021, 3, 1), ct);
            await IssueAsync(sp, "医用外科口罩", 30000, "社区疫情防控志愿者", new DateOnly(2021, 3, 10), ct);
            return 0;
        }, ct);
        // The general fund receives a few individual gifts; one online.
        await InTransactionAsync(provider, async sp =>
        {
            var posting = sp.GetRequiredService<DonationPosting>();
            var funds = await FundIdsAsync(sp, ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.Individual, "刘建华", null, 2000m, DonationChannel.WeChatPay, funds["GEN"], new DateOnly(2021, 4, 2), true, null), ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.Anonymous, "", null, 1005.20m, DonationChannel.Cash, funds["GEN"], new DateOnly(2021, 4, 3), false, "社区义卖"), ct);
            await posting.RecordAsync(new DonationInput(null, DonorKind.Individual, "陈晓梅", null, 500m, DonationChannel.Online, funds["GEN"], new DateOnly(2021, 4, 9), true, "99公益日"), ct);
        }, ct);
        log.WriteLine($"  {tenant.Identifier}: ledger demo data loaded (7 funds, {Firms.Length + 6} donations, 2 federation grants, {Goods.Length} in-kind donations)");
    }

    private static async Task<Dictionary<string, Guid>> FundIdsAsync(IServiceProvider sp, CancellationToken ct) =>
        await sp.GetRequiredService<AppDbContext>().Set<Fund>().ToDictionaryAsync(f => f.Code, f => f.Id, ct);

    private static async Task InTransactionAsync(ServiceProvider provider, Func<IServiceProvider, Task> work, CancellationToken ct) =>
        await InTransactionAsync(provider, async sp => { await work(sp); return 0; }, ct);

    private static async Task<T> InTransactionAsync<T>(ServiceProvider provider, Func<IServiceProvider, Task<T>> work, CancellationToken ct)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(scope.ServiceProvider);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        });
    }

    private static async Task FederationGrantAsync(IServiceProvider sp, string federation, string agreement, string purpose, Guid fund, decimal amount, DateOnly date, CancellationToken ct)
    {
        var ledger = sp.GetRequiredService<LedgerService>();
        var income = new InstitutionalIncome
        {
            Kind = InstitutionalIncomeKind.FederationGrant, Source = federation, Reference = agreement, Purpose = purpose,
            FundId = fund, Amount = amount, Date = date, RecordedAt = DateTimeOffset.UtcNow,
            RecordedBy = sp.GetRequiredService<ICurrentUser>().UserId!.Value,
        };
        var entry = await ledger.PostAsync(new EntryDraft(date, $"{federation}拨款：{purpose}", EntryKind.FederationGrant,
        [
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.Bank, ct), fund, amount, 0),
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.FederationGrant, ct), fund, 0, amount),
        ], nameof(InstitutionalIncome), income.Id), ct);
        income.EntryId = entry.Id;
        sp.GetRequiredService<AppDbContext>().Add(income);
    }

    private static async Task InKindAsync(IServiceProvider sp, string donorName, DonorKind kind, string basis,
        (string Name, decimal Qty, string Unit, decimal UnitValue)[] items, DateOnly date, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var ledger = sp.GetRequiredService<LedgerService>();
        var fund = (await FundIdsAsync(sp, ct))["GEN"];
        var donor = await db.Set<Donor>().FirstOrDefaultAsync(d => d.Name == donorName, ct)
                    ?? new Donor { Kind = kind, Name = donorName, CreatedAt = DateTimeOffset.UtcNow };
        if (db.Entry(donor).State == EntityState.Detached) db.Add(donor);
        var donation = new InKindDonation { DonorId = donor.Id, FundId = fund, Date = date, ValuationBasis = basis, RecordedAt = DateTimeOffset.UtcNow, RecordedBy = sp.GetRequiredService<ICurrentUser>().UserId!.Value };
        var received = new List<(InventoryItem Item, decimal Qty, decimal Value)>();
        foreach (var (name, qty, unit, unitValue) in items)
        {
            var subtotal = Math.Round(qty * unitValue, 2, MidpointRounding.AwayFromZero);
            var item = await db.Set<InventoryItem>().FirstOrDefaultAsync(i => i.FundId == fund && i.Name == name && i.Unit == unit, ct);
            if (item is null) { item = new InventoryItem { FundId = fund, Name = name, Unit = unit }; db.Add(item); }
            item.QuantityOnHand += qty;
            item.ValueOnHand += subtotal;
            donation.Items.Add(new InKindDonationItem { InventoryItemId = item.Id, Name = name, Quantity = qty, Unit = unit, UnitValue = unitValue, Subtotal = subtotal });
            received.Add((item, qty, subtotal));
        }
        donation.Total = donation.Items.Sum(i => i.Subtotal);
        var entry = await ledger.PostAsync(new EntryDraft(date, $"物资捐赠：{donorName}", EntryKind.InKindDonation,
        [
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.Inventory, ct), fund, donation.Total, 0),
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.InKindDonation, ct), fund, 0, donation.Total),
        ], nameof(InKindDonation), donation.Id), ct);
        donation.EntryId = entry.Id;
        db.Add(donation);
        foreach (var (item, qty, value) in received)
            db.Add(new InventoryMovement { InventoryItemId = item.Id, Kind = MovementKind.Received, Date = date, Quantity = qty, Value = value, EntryId = entry.Id, RecordedAt = DateTimeOffset.UtcNow });
    }

    private static async Task IssueAsync(IServiceProvider sp, string itemName, decimal qty, string recipient, DateOnly date, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var ledger = sp.GetRequiredService<LedgerService>();
        var item = await db.Set<InventoryItem>().SingleAsync(i => i.Name == itemName, ct);
        var value = Math.Round(item.ValueOnHand / item.QuantityOnHand * qty, 2, MidpointRounding.AwayFromZero);
        var entry = await ledger.PostAsync(new EntryDraft(date, $"物资发放：{itemName} × {qty:0.###}，{recipient}", EntryKind.GoodsIssue,
        [
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.ProjectExpense, ct), item.FundId, value, 0),
            new LineDraft(await ledger.SystemAccountAsync(ChartOfAccounts.Inventory, ct), item.FundId, 0, value),
        ], nameof(InventoryMovement), null), ct);
        item.QuantityOnHand -= qty;
        item.ValueOnHand -= value;
        db.Add(new InventoryMovement { InventoryItemId = item.Id, Kind = MovementKind.Issued, Date = date, Quantity = -qty, Value = -value, Recipient = recipient, EntryId = entry.Id, RecordedAt = DateTimeOffset.UtcNow });
    }

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
