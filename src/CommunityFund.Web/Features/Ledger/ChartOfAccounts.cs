namespace CommunityFund.Web.Features.Ledger;

/// <summary>The chart every tenant starts with (民间非营利组织会计制度 style codes); the secretariat may rename and extend it.</summary>
public static class ChartOfAccounts
{
    public const string Cash = "cash";
    public const string Bank = "bank";
    public const string Inventory = "inventory";
    public const string Advances = "advances";
    public const string GrantsPayable = "grants_payable";
    public const string NetAssets = "net_assets";
    public const string DonationIndividual = "donation_individual";
    public const string DonationEnterprise = "donation_enterprise";
    public const string GovernmentTransfer = "government_transfer";
    public const string FederationGrant = "federation_grant";
    public const string OnlineFundraising = "online_fundraising";
    public const string SpecialFundraising = "special_fundraising";
    public const string CharityRevenue = "charity_revenue";
    public const string InKindDonation = "inkind_donation";
    public const string GrantExpense = "grant_expense";
    public const string ProjectExpense = "project_expense";
    public const string AdministrativeExpense = "admin_expense";

    /// <summary>The system account that plays a role other areas name through the ledger's pay-out port.</summary>
    public static string KeyOf(FundAccountRole role) => role switch
    {
        FundAccountRole.Bank => Bank,
        FundAccountRole.Advances => Advances,
        FundAccountRole.GrantExpense => GrantExpense,
        FundAccountRole.ProjectExpense => ProjectExpense,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "No account plays this role."),
    };

    public sealed record Seed(string Key, string Code, string NameZh, string NameEn, AccountType Type);

    public static readonly IReadOnlyList<Seed> Standard =
    [
        new(Cash, "1001", "库存现金", "Cash on hand", AccountType.Asset),
        new(Bank, "1002", "银行存款", "Bank deposits", AccountType.Asset),
        new(Advances, "1141", "预付资助款", "Advances to grantees", AccountType.Asset),
        new(Inventory, "1201", "捐赠物资", "In-kind goods inventory", AccountType.Asset),
        new(GrantsPayable, "2209", "应付资助款", "Grants payable", AccountType.Liability),
        new(NetAssets, "3101", "净资产", "Net assets", AccountType.NetAssets),
        new(DonationIndividual, "4101", "捐赠收入—个人", "Donation income – individuals", AccountType.Income),
        new(DonationEnterprise, "4102", "捐赠收入—企业", "Donation income – enterprises", AccountType.Income),
        new(GovernmentTransfer, "4201", "政府补助收入", "Government transfer income", AccountType.Income),
        new(FederationGrant, "4202", "慈善总会拨款收入", "Charity federation grant income", AccountType.Income),
        new(OnlineFundraising, "4301", "网络募捐收入", "Online fundraising income", AccountType.Income),
        new(SpecialFundraising, "4302", "专项募捐收入", "Special fundraising income", AccountType.Income),
        new(CharityRevenue, "4401", "慈善创收收入", "Charity revenue", AccountType.Income),
        new(InKindDonation, "4501", "物资捐赠收入", "In-kind donation income", AccountType.Income),
        new(GrantExpense, "5101", "资助支出", "Grant expense", AccountType.Expense),
        new(ProjectExpense, "5102", "项目支出", "Project expense", AccountType.Expense),
        new(AdministrativeExpense, "5201", "管理费用", "Administrative expense", AccountType.Expense),
    ];

    /// <summary>
    /// Adds whichever standard accounts the current tenant lacks (by system key) to the caller's unit of work, which
    /// saves them (a command's transaction behaviour); returns how many were added. Safe to call repeatedly.
    /// </summary>
    public static async Task<int> EnsureAsync(AppDbContext db, CancellationToken ct = default)
    {
        var have = await db.Set<LedgerAccount>().Where(a => a.SystemKey != null).Select(a => a.SystemKey!).ToListAsync(ct);
        var codes = await db.Set<LedgerAccount>().Select(a => a.Code).ToListAsync(ct);
        var missing = Standard.Where(s => !have.Contains(s.Key)).ToList();
        foreach (var s in missing)
            db.Add(new LedgerAccount { SystemKey = s.Key, Code = codes.Contains(s.Code) ? s.Code + "-" + s.Key : s.Code, NameZh = s.NameZh, NameEn = s.NameEn, Type = s.Type });
        return missing.Count;
    }
}
