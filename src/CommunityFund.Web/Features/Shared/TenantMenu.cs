using System.Security.Claims;
using CommunityFund.Web.Features.Ledger.Reports;
using AuditArea = CommunityFund.Web.Features.Audit;
using ContestArea = CommunityFund.Web.Features.Contests;
using RatingArea = CommunityFund.Web.Features.Ratings;
using GrantArea = CommunityFund.Web.Features.Grants;
using LedgerArea = CommunityFund.Web.Features.Ledger;
using MemberArea = CommunityFund.Web.Features.Members;

namespace CommunityFund.Web.Features.Shared;

/// <summary>
/// The links a fund's pages offer in the header and on the fund's home. Each names the query its page sends first, and
/// shows only to users that query lets through, so no link leads to a 403.
/// </summary>
public static class TenantMenu
{
    public sealed record Item(string Page, string LabelKey, Type Query);

    /// <summary>The ledger menu, in groups separated by a divider.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<Item>> Ledger =
    [
        [
            new("/Ledger/Funds/Index", "Nav.Funds", typeof(LedgerArea.Funds.IndexModel.Query)),
            new("/Ledger/Donations/Index", "Nav.Donations", typeof(LedgerArea.Donations.IndexModel.Query)),
            new("/Ledger/Donors/Index", "Nav.Donors", typeof(LedgerArea.Donors.IndexModel.Query)),
            new("/Ledger/InKind/Index", "Nav.InKind", typeof(LedgerArea.InKind.IndexModel.Query)),
            new("/Ledger/Income/Index", "Nav.Income", typeof(LedgerArea.Income.IndexModel.Query)),
            new("/Ledger/Transfers/Index", "Nav.Transfers", typeof(LedgerArea.Transfers.IndexModel.Query)),
        ],
        [
            new("/Ledger/Journal/Index", "Nav.Journal", typeof(LedgerArea.Journal.IndexModel.Query)),
            new("/Ledger/Reports/TrialBalance", "Nav.TrialBalance", typeof(TrialBalanceModel.Query)),
            new("/Ledger/Reports/FundStatement", "Nav.FundStatement", typeof(FundStatementModel.Query)),
            new("/Ledger/Accounts/Index", "Nav.Accounts", typeof(LedgerArea.Accounts.IndexModel.Query)),
            new("/Ledger/Periods/Index", "Nav.Periods", typeof(LedgerArea.Periods.IndexModel.Query)),
        ],
    ];

    /// <summary>The fund's home (what the 403 page leads back to).</summary>
    public static readonly Item Home = new("/Tenants/Home", "Nav.TenantHome", typeof(Tenants.HomeModel.Query));
    public static readonly Item Contests = new("/Contests/Setup/Index", "Nav.Contests", typeof(ContestArea.Setup.IndexModel.Query));
    public static readonly Item Organisations = new("/Contests/Organisations/Index", "Nav.Organisations", typeof(ContestArea.Organisations.IndexModel.Query));
    public static readonly Item Projects = new("/Grants/Projects/Index", "Nav.Projects", typeof(GrantArea.Projects.IndexModel.Query));
    public static readonly Item Approvals = new("/Grants/Approvals/Inbox/Index", "Nav.Approvals", typeof(GrantArea.Approvals.Inbox.IndexModel.Query));
    public static readonly Item TimeLimits = new("/Grants/TimeLimits/Index", "Nav.TimeLimits", typeof(GrantArea.TimeLimits.IndexModel.Query));
    public static readonly Item FundStatement = new("/Ledger/Reports/FundStatement", "Nav.FundStatement", typeof(FundStatementModel.Query));
    public static readonly Item Members = new("/Members/Index", "Nav.Members", typeof(MemberArea.IndexModel.Query));
    public static readonly Item AuditLog = new("/Audit/Log/Index", "Nav.AuditLog", typeof(AuditArea.Log.IndexModel.Query));
    public static readonly Item Ratings = new("/Ratings/Index", "Nav.Ratings", typeof(RatingArea.IndexModel.Query));
    public static readonly Item Inbox = new("/Grants/Notifications/Inbox", "Nav.Inbox", typeof(GrantArea.Notifications.InboxModel.Query));

    /// <summary>The grants menu for staff, in groups separated by a divider.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<Item>> Grants =
    [
        [Projects, Approvals, TimeLimits],
        [
            new("/Grants/Approvals/Conflicts/Index", "Nav.GrantConflicts", typeof(GrantArea.Approvals.Conflicts.IndexModel.Query)),
            new("/Grants/Settings/Index", "Nav.GrantSettings", typeof(GrantArea.Settings.IndexModel.Query)),
        ],
    ];

    public static bool Shows(this ClaimsPrincipal user, Item item) => user.MaySend(item.Query);

    /// <summary>The groups' items <paramref name="user"/> may open; groups left empty are dropped.</summary>
    public static IReadOnlyList<IReadOnlyList<Item>> Visible(this ClaimsPrincipal user, IReadOnlyList<IReadOnlyList<Item>> groups) =>
        [.. groups.Select(g => (IReadOnlyList<Item>)[.. g.Where(user.Shows)]).Where(g => g.Count > 0)];
}
