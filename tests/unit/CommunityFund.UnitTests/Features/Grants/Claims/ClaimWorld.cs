using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using ClaimAddLine = CommunityFund.Web.Features.Grants.Claims.AddLineModel;
using ClaimReview = CommunityFund.Web.Features.Grants.Claims.ReviewModel;
using ClaimSettle = CommunityFund.Web.Features.Grants.Claims.SettleModel;
using ClaimSubmit = CommunityFund.Web.Features.Grants.Claims.SubmitModel;

namespace CommunityFund.UnitTests.Features.Grants.ClaimTests;

/// <summary>A project world plus helpers to file, submit, review, approve (standing in for the committee) and settle claims.</summary>
public sealed class ClaimWorld
{
    public required ProjectWorld P { get; init; }
    public SliceFixture F => P.F;
    public TenantInfo Tenant => P.Tenant;
    public AppUser Secretary => P.Secretary;
    public AppUser Member => P.Contest.OrgMember;

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

    public static async Task<ClaimWorld> CreateAsync(SliceFixture f, decimal money = 100_000m) => new() { P = await ProjectWorld.CreateAsync(f, money) };

    /// <summary>A reimbursement-mode project (¥10,000: labour 8,000 + materials 2,000), agreement signed: open for claims.</summary>
    public async Task<Guid> ReimbursementProjectAsync()
    {
        var project = await P.ProjectAsync(10_000m, FundingMode.Reimbursement);
        await P.MoveAsync(project, ProjectAction.SignAgreement);
        return project;
    }

    /// <summary>An advance-mode project with its first tranche (¥5,000) paid.</summary>
    public async Task<Guid> AdvanceProjectAsync()
    {
        var (project, tranche) = await P.ApprovedFirstTrancheAsync(10_000m);
        await P.PayAsync(project, tranche);
        return project;
    }

    public async Task<Guid> LineIdAsync(Guid project, int position = 0) => (await P.LinesAsync(project))[position].Id;

    public static string NewInvoice() => "INV-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static ClaimAddLine.AddLine Line(Guid project, Guid budgetLine, string amount = "100.00", string? invoice = null, string date = "2026-04-01",
        Guid? claim = null, byte[]? content = null, string fileName = "receipt.pdf", string overrideReason = "") => new()
    {
        ProjectId = project, ClaimId = claim, BudgetLineId = budgetLine, Date = date, Payee = "某某文具店", Description = "学习用品",
        Amount = amount, InvoiceNumber = invoice ?? NewInvoice(), OverrideReason = overrideReason, ReceiptFileName = fileName, ReceiptContent = content ?? Pdf,
    };

    public Task<Guid> AddAsync(ClaimAddLine.AddLine line, AppUser? by = null) => F.SendAsync(line, by ?? Member, Tenant);

    public Task<ClaimStatus> SubmitAsync(Guid claim, AppUser? by = null) => F.SendAsync(new ClaimSubmit.Submit { ClaimId = claim }, by ?? Member, Tenant);

    public Task<ClaimStatus> ReviewAsync(Guid claim, ClaimReview.ReviewAction action, string reason = "", string fixes = "") =>
        F.SendAsync(new ClaimReview.Review { ClaimId = claim, Action = action, Reason = reason, Fixes = fixes }, Secretary, Tenant);

    /// <summary>Stands in for the committee: decides the pending ClaimPayment request and runs the claim outcome in one transaction.</summary>
    public Task DecideAsync(Guid claim, bool approve) =>
        P.Ledger.InTransactionAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var request = await db.Set<ApprovalRequest>().SingleAsync(r => r.SubjectId == claim && r.Kind == ApprovalKind.ClaimPayment && r.Status == ApprovalStatus.Pending);
            request.Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
            request.DecidedAt = DateTimeOffset.UtcNow;
            request.Version++;
            db.Add(new ApprovalDecision { RequestId = request.Id, ApproverId = P.Contest.Committee.Id, Approved = approve, Comment = "", DecidedAt = DateTimeOffset.UtcNow });
            var outcome = ApprovalOutcomes.For(sp.GetServices<IApprovalOutcome>(), ApprovalKind.ClaimPayment)!;
            if (approve) await outcome.ApprovedAsync(request, default);
            else await outcome.RejectedAsync(request, default);
            await sp.GetRequiredService<ApprovalService>().ConcludedAsync(request, default);
            return 0;
        });

    /// <summary>Files a one-line claim of <paramref name="amount"/>, submits, reviews and approves it.</summary>
    public async Task<Guid> ApprovedClaimAsync(Guid project, string amount = "100.00", int position = 0)
    {
        var claim = await AddAsync(Line(project, await LineIdAsync(project, position), amount));
        await SubmitAsync(claim);
        await ReviewAsync(claim, ClaimReview.ReviewAction.Approve);
        await DecideAsync(claim, approve: true);
        return claim;
    }

    public static ClaimSettle.Settle Settlement(Guid claim, string? key = null) =>
        new() { ClaimId = claim, IdempotencyKey = key ?? Guid.NewGuid().ToString("N"), SettledOn = "2026-06-01" };

    public Task<ClaimSettle.Settled> SettleAsync(Guid claim) => F.SendAsync(Settlement(claim), Secretary, Tenant);

    public Task<ExpenseClaim> ClaimAsync(Guid id) => P.Contest.ReadAsync(db => db.Set<ExpenseClaim>().AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<int> ClaimCountAsync() => P.Contest.ReadAsync(db => db.Set<ExpenseClaim>().CountAsync());

    public Task<int> LineCountAsync() => P.Contest.ReadAsync(db => db.Set<ExpenseClaimLine>().CountAsync());

    /// <summary>How many receipt files this tenant has on disk.</summary>
    public int ReceiptFiles()
    {
        var options = F.Factory.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value;
        var env = F.Factory.Services.GetRequiredService<IHostEnvironment>();
        var dir = Path.Combine(Path.GetFullPath(options.Root, env.ContentRootPath), Tenant.Id.ToString("N"), "receipts");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
    }
}
