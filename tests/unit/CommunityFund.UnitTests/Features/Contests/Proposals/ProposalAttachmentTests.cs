using System.Net;
using System.Net.Http.Headers;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Roadshow;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Contests.Proposals;

/// <summary>Attachments: checked by content, size and name before anything is stored; downloaded only by those who may open the proposal.</summary>
public sealed class ProposalAttachmentTests(SliceFixture f) : IClassFixture<SliceFixture>, IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3];
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    private readonly List<TenantInfo> _tenants = [];

    private async Task<ContestWorld> WorldAsync(ContestStage stage = ContestStage.Collecting)
    {
        var w = await ContestWorld.CreateAsync(f, stage);
        _tenants.Add(w.Tenant);
        return w;
    }

    private string Folder(TenantInfo tenant)
    {
        var options = f.Factory.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value;
        var env = f.Factory.Services.GetRequiredService<IHostEnvironment>();
        return Path.Combine(Path.GetFullPath(options.Root, env.ContentRootPath), tenant.Id.ToString("N"));
    }

    private int FilesOf(TenantInfo tenant) =>
        Directory.Exists(Folder(tenant)) ? Directory.GetFiles(Folder(tenant), "*", SearchOption.AllDirectories).Length : 0;

    private long MaxBytes => f.Factory.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value.MaxBytes;

    public void Dispose()
    {
        foreach (var t in _tenants.Where(t => Directory.Exists(Folder(t)))) Directory.Delete(Folder(t), recursive: true);
    }

    private static UploadModel.UploadCommand Upload(Guid proposal, string? name, byte[] content) => new() { ProposalId = proposal, FileName = name, Content = content };

    private static Task<int> RowsAsync(ContestWorld w) => w.ReadAsync(db => db.Set<ProposalAttachment>().CountAsync());

    public static TheoryData<string, string> Refusals => new()
    {
        { "exe", "只接受 PDF、JPG、PNG 文件" },
        { "oversized", "文件超过 10 MB 的上限" },
        { "path", "文件名不能包含路径" },
        { "empty", "文件是空的" },
        { "missing", "请选择要上传的文件" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_upload_is_refused_with_its_message_and_nothing_is_stored(string kind, string message)
    {
        var w = await WorldAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        var pdf = new byte[MaxBytes + 1];
        "%PDF-1.7"u8.CopyTo(pdf);
        var command = kind switch
        {
            "exe" => Upload(id, "预算说明.pdf", Exe),
            "oversized" => Upload(id, "全部材料.pdf", pdf),
            "path" => Upload(id, "../evil.pdf", pdf[..100]),
            "empty" => Upload(id, "空白.pdf", []),
            _ => Upload(id, null, []),
        };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(command, w.OrgMember, w.Tenant));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("File", error.PropertyName);
        Assert.Contains(message, error.ErrorMessage);
        Assert.Equal(0, await RowsAsync(w));
        Assert.Equal(0, FilesOf(w.Tenant));
    }

    [Fact]
    public async Task A_png_is_stored_with_its_digest_and_type_recognised_by_content()
    {
        var w = await WorldAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        var attachmentId = await f.SendAsync(Upload(id, "活动现场.pdf", Png), w.OrgMember, w.Tenant); // the name says PDF, the bytes say PNG

        var a = await w.ReadAsync(db => db.Set<ProposalAttachment>().SingleAsync(x => x.Id == attachmentId));
        Assert.Equal(("活动现场.pdf", "image/png", (long)Png.Length, AttachmentPurpose.Supporting, w.OrgMember.Id),
            (a.FileName, a.ContentType, a.Size, a.Purpose, a.UploadedBy));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)), a.Sha256);
        Assert.StartsWith("proposals/", a.StorageKey);
        Assert.EndsWith(".png", a.StorageKey);
        Assert.Equal(Png, await File.ReadAllBytesAsync(Path.Combine(Folder(w.Tenant), a.StorageKey)));
    }

    [Fact]
    public async Task When_the_row_cannot_be_saved_the_stored_file_is_deleted_again()
    {
        var w = await WorldAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        await f.InScopeAsync(w.Tenant, w.OrgMember, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var handler = ActivatorUtilities.CreateInstance<UploadModel.UploadHandler>(sp);
            await handler.Handle(Upload(id, "照片.png", Png), CancellationToken.None);
            var attachment = db.ChangeTracker.Entries<ProposalAttachment>().Single().Entity;
            Assert.Equal(1, FilesOf(w.Tenant));
            attachment.ProposalId = Guid.NewGuid(); // a foreign key the database refuses

            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            return 0;
        });
        Assert.Equal(0, FilesOf(w.Tenant));
        Assert.Equal(0, await RowsAsync(w));
    }

    [Fact]
    public async Task At_most_twenty_attachments_and_none_once_the_proposal_is_submitted()
    {
        var w = await WorldAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        await w.ReadAsync(async db =>
        {
            for (var i = 0; i < DetailModel.MaxAttachments; i++)
                db.Add(new ProposalAttachment
                {
                    ProposalId = id, Purpose = AttachmentPurpose.Supporting, FileName = $"f{i}.png", ContentType = "image/png", Size = 1,
                    Sha256 = new string('0', 64), StorageKey = $"proposals/x/{i}.png", UploadedBy = w.OrgMember.Id, UploadedAt = DateTimeOffset.UtcNow,
                });
            return await db.SaveChangesAsync();
        });
        var full = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(id, "第21个.png", Png), w.OrgMember, w.Tenant));
        Assert.Contains("最多 20 个附件", Assert.Single(full.Errors).ErrorMessage);

        var submitted = await w.AddProposalAsync(ProposalStatus.Submitted);
        var locked = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Upload(submitted, "补充.png", Png), w.OrgMember, w.Tenant));
        Assert.Contains("现在不能修改附件", Assert.Single(locked.Errors).ErrorMessage);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Upload(id, "照片.png", Png), w.OtherOrgMember, w.Tenant));
        Assert.Equal(0, FilesOf(w.Tenant));
    }

    private static async Task<HttpClient> SignedInAsync(SliceFixture f, TenantInfo tenant, AppUser user)
    {
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, tenant.Identifier, user.Email!, SliceFixture.Password);
        return client;
    }

    [Fact]
    public async Task An_uploaded_png_is_downloaded_by_its_owner_and_refused_to_others()
    {
        var w = await WorldAsync();
        var t = w.Tenant.Identifier;
        var id = await w.AddProposalAsync(ProposalStatus.Draft);
        var owner = await SignedInAsync(f, w.Tenant, w.OrgMember);

        // Upload through the form the detail page shows, as the browser sends it.
        var detail = $"/{t}/proposals/{id}";
        var token = await HttpLogin.AntiforgeryTokenAsync(owner, detail);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "社区地图.png");
        var uploaded = await owner.PostAsync($"{detail}/attachments/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var attachmentId = await w.ReadAsync(db => db.Set<ProposalAttachment>().Where(a => a.ProposalId == id).Select(a => a.Id).SingleAsync());
        Assert.Contains("社区地图.png", await owner.GetStringAsync(detail));

        var url = $"/{t}/proposals/{id}/attachments/{attachmentId}";
        var download = await owner.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("社区地图.png", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));

        Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync(f, w.Tenant, w.Secretary)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedInAsync(f, w.Tenant, w.OtherOrgMember)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/{t}/proposals/{id}/attachments/{Guid.NewGuid()}")).StatusCode);

        // Another tenant's member asks for this proposal's file under their own tenant's address: it does not exist there.
        var elsewhere = await f.CreateTenantAsync();
        _tenants.Add(elsewhere);
        var stranger = await f.CreateUserAsync();
        await f.GrantAsync(elsewhere, stranger, TenantRole.OrgMember);
        var strangerClient = await SignedInAsync(f, elsewhere, stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/{elsewhere.Identifier}/proposals/{id}/attachments/{attachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/{elsewhere.Identifier}/proposals/{id}")).StatusCode);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new AttachmentModel.Query { ProposalId = id, AttachmentId = attachmentId }, stranger, elsewhere));

        // Deleting through the page removes the row and, after it, the file.
        var deleted = await owner.PostAsync($"{detail}/attachments/{attachmentId}/delete", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = await HttpLogin.AntiforgeryTokenAsync(owner, detail) }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await RowsAsync(w));
        Assert.Equal(0, FilesOf(w.Tenant));
    }

    [Fact]
    public async Task A_conflicted_judge_cannot_download_while_a_judge_without_conflict_can()
    {
        var w = await WorldAsync(ContestStage.Refining);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var attachmentId = await f.SendAsync(Upload(id, "预算.pdf", "%PDF-1.4 预算"u8.ToArray()), w.OrgMember, w.Tenant);
        await w.SetStageAsync(ContestStage.Roadshow);
        var fair = await w.AddJudgeAsync();
        var conflicted = await w.AddJudgeAsync();
        await w.ReadAsync(async db =>
        {
            db.Add(new ConflictDeclaration
            {
                ContestId = w.ContestId, ProposalId = id, JudgeId = conflicted.Id, Source = ConflictSource.DeclaredByJudge, Reason = "曾在该组织任职",
                RecordedBy = conflicted.Id, RecordedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var query = new AttachmentModel.Query { ProposalId = id, AttachmentId = attachmentId };

        var file = await f.SendAsync(query, fair, w.Tenant);
        Assert.Equal("application/pdf", file.ContentType);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(query, conflicted, w.Tenant));
    }
}
