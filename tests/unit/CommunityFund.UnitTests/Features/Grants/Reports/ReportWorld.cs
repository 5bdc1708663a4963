using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Identity;
using ReportDetail = CommunityFund.Web.Features.Grants.Reports.DetailModel;
using ReportNew = CommunityFund.Web.Features.Grants.Reports.NewModel;

namespace CommunityFund.UnitTests.Features.Grants.ReportTests;

/// <summary>A project world with helpers to submit and review reports and to look at the stored rows and files.</summary>
public sealed class ReportWorld
{
    public required ProjectWorld P { get; init; }
    public SliceFixture F => P.F;
    public AppUser Member => P.Contest.OrgMember;

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    public static readonly byte[] Pdf = "%PDF-1.4 test"u8.ToArray();
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

    public static async Task<ReportWorld> CreateAsync(SliceFixture f, decimal money = 100_000m) => new() { P = await ProjectWorld.CreateAsync(f, money) };

    /// <summary>A project signed and started (InProgress).</summary>
    public async Task<Guid> RunningProjectAsync()
    {
        var project = await P.ProjectAsync();
        await P.MoveAsync(project, ProjectAction.SignAgreement);
        await P.MoveAsync(project, ProjectAction.Start);
        return project;
    }

    public static ReportNew.SubmitReport Report(Guid project, ReportKind kind = ReportKind.Midterm, string beneficiaries = "120", string activities = "8",
        params ReportNew.ReportUpload[] files) => new()
    {
        ProjectId = project, Kind = kind, Outputs = "开展课后托管 40 次，覆盖困境儿童 120 人。", BeneficiariesReached = beneficiaries, ActivitiesHeld = activities,
        Files = files,
    };

    public Task<Guid> SubmitAsync(Guid project, ReportKind kind = ReportKind.Midterm, params ReportNew.ReportUpload[] files) =>
        F.SendAsync(Report(project, kind, files: files), Member, P.Tenant);

    public Task<ReportStatus> AcceptAsync(Guid report, string score = "") =>
        F.SendAsync(new ReportDetail.Review { ReportId = report, Decision = ReportDetail.ReviewDecision.Accept, Score = score }, P.Secretary, P.Tenant);

    public Task<ReportStatus> ReturnAsync(Guid report, string reason) =>
        F.SendAsync(new ReportDetail.Review { ReportId = report, Decision = ReportDetail.ReviewDecision.Return, Reason = reason }, P.Secretary, P.Tenant);

    public Task<List<ProjectReport>> ReportsAsync(Guid project) =>
        P.Contest.ReadAsync(db => db.Set<ProjectReport>().AsNoTracking().Where(r => r.ProjectId == project).OrderBy(r => r.SubmittedAt).ToListAsync());

    public Task<List<ReportFile>> FilesAsync() => P.Contest.ReadAsync(db => db.Set<ReportFile>().AsNoTracking().ToListAsync());

    /// <summary>Files in this tenant's "reports" folder of the file store.</summary>
    public int StoredFileCount()
    {
        var options = F.Factory.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value;
        var env = F.Factory.Services.GetRequiredService<IHostEnvironment>();
        var folder = Path.Combine(Path.GetFullPath(options.Root, env.ContentRootPath), P.Tenant.Id.ToString("N"), ReportRules.FileArea);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0;
    }

    public Task<T> InTenantAsync<T>(Func<AppDbContext, IServiceProvider, Task<T>> action) =>
        F.InTenantAsync(P.Tenant, sp => action(sp.GetRequiredService<AppDbContext>(), sp));
}
