using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Proposals;
using CommunityFund.Web.Features.Contests.Screening;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Files;
using CommunityFund.Web.Infrastructure.Mediation;

// Not "...Contests.Screening": that namespace would hide ContestStage.Screening from tests that use `using static ContestStage`.
namespace CommunityFund.UnitTests.Features.Contests.ScreeningFeature;

/// <summary>容缺受理承诺: commitments with due dates in China time, their states, the supplied document, and the grants-side checks.</summary>
public class CommitmentTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    private static CommitmentsModel.Add Add(Guid proposal, DateOnly due, string name = "项目场地使用协议") =>
        new() { ProposalId = proposal, DocumentName = name, DueDate = Day(due) };

    private static Task<List<MissingDocumentCommitment>> Commitments(ContestWorld w, Guid proposal) =>
        w.ReadAsync(db => db.Set<MissingDocumentCommitment>().AsNoTracking().Where(c => c.ProposalId == proposal).ToListAsync());

    private static Task<int> Attachments(ContestWorld w, Guid proposal) =>
        w.ReadAsync(db => db.Set<ProposalAttachment>().CountAsync(a => a.ProposalId == proposal));

    private static Task InsertAsync(ContestWorld w, Guid proposal, Guid organisation, DateOnly due, string name, bool supplied = false) =>
        w.ReadAsync(async db =>
        {
            db.Add(new MissingDocumentCommitment
            {
                ProposalId = proposal, OrganisationId = organisation, DocumentName = name, DueDate = due, CommittedBy = w.OrgMember.Id,
                CommittedAt = DateTimeOffset.UtcNow, SuppliedAt = supplied ? DateTimeOffset.UtcNow : null, SuppliedAttachmentId = supplied ? Guid.NewGuid() : null,
            });
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task The_organisation_commits_to_a_document_and_the_secretariat_may_do_so_on_its_behalf()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var due = ChinaToday().AddDays(14);

        await f.SendAsync(Add(id, due, "  项目场地使用协议 "), w.OrgMember, w.Tenant);
        await f.SendAsync(Add(id, due.AddDays(7), "合作方盖章确认函"), w.Secretary, w.Tenant);

        var saved = (await Commitments(w, id)).OrderBy(c => c.DueDate).ToList();
        Assert.Equal(["项目场地使用协议", "合作方盖章确认函"], saved.Select(c => c.DocumentName));
        Assert.Equal([w.OrgMember.Id, w.Secretary.Id], saved.Select(c => c.CommittedBy));
        Assert.All(saved, c => Assert.Equal(w.Organisation, c.OrganisationId));
        Assert.Equal(due, saved[0].DueDate);

        var view = await f.SendAsync(new CommitmentsModel.Query { ProposalId = id }, w.OrgMember, w.Tenant);
        Assert.Equal([CommitmentState.Open, CommitmentState.Open], view.Rows.Select(r => r.State));
        Assert.True(view.MayAdd);
        var committee = await f.SendAsync(new CommitmentsModel.Query { ProposalId = id }, w.Committee, w.Tenant);
        Assert.False(committee.MayEdit);
    }

    [Fact]
    public async Task Others_may_not_add_or_supply_and_another_tenants_proposal_is_not_found()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var judge = await w.AddJudgeAsync();
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);
        var due = ChinaToday().AddDays(14);

        foreach (var who in new[] { w.Committee, w.Auditor, w.OtherOrgMember, judge })
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(Add(id, due), who, w.Tenant));
        foreach (var who in new[] { w.OtherOrgMember, judge })
            await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new CommitmentsModel.Query { ProposalId = id }, who, w.Tenant));
        Assert.Empty(await Commitments(w, id));

        var other = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var theirs = await other.AddProposalAsync(ProposalStatus.Submitted);
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(Add(theirs, due), w.Secretary, w.Tenant));
        await Assert.ThrowsAsync<NotFoundException>(() => f.SendAsync(new CommitmentsModel.Query { ProposalId = theirs }, w.Secretary, w.Tenant));
        Assert.Empty(await Commitments(other, theirs));
    }

    public static TheoryData<int, string> BadDueDates() => new()
    {
        { -1, "补交日期须晚于今天" },
        { 0, "补交日期须晚于今天" },
        { 367, "补交日期不能晚于一年后" },
    };

    [Theory]
    [MemberData(nameof(BadDueDates))]
    public async Task A_due_date_today_or_in_the_past_or_beyond_a_year_is_refused(int days, string message)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Add(id, ChinaToday().AddDays(days)), w.OrgMember, w.Tenant));
        Assert.Contains(message, Assert.Single(ex.Errors, e => e.PropertyName == "DueDate").ErrorMessage);
        Assert.Empty(await Commitments(w, id));
    }

    [Theory]
    [InlineData("", "2030-01-01", "DocumentName", "请填写暂缺材料的名称")]
    [InlineData("场地协议", "2030/01/01", "DueDate", "yyyy-MM-dd")]
    [InlineData("场地协议", "", "DueDate", "yyyy-MM-dd")]
    public async Task A_commitment_needs_a_document_name_and_a_proper_date(string name, string due, string property, string message)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Submitted);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommitmentsModel.Add { ProposalId = id, DocumentName = name, DueDate = due }, w.OrgMember, w.Tenant));
        Assert.Contains(message, Assert.Single(ex.Errors, e => e.PropertyName == property).ErrorMessage);
        Assert.Empty(await Commitments(w, id));
    }

    [Theory]
    [InlineData(ProposalStatus.Draft)]
    [InlineData(ProposalStatus.Returned)]
    [InlineData(ProposalStatus.Rejected)]
    public async Task Commitments_are_taken_only_while_the_proposal_is_submitted_or_accepted(ProposalStatus status)
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(status);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(Add(id, ChinaToday().AddDays(5)), w.OrgMember, w.Tenant));
        Assert.Contains("不能再添加材料承诺", Assert.Single(ex.Errors).ErrorMessage);
        Assert.Empty(await Commitments(w, id));

        var accepted = await w.AddProposalAsync(ProposalStatus.Accepted);
        await f.SendAsync(Add(accepted, ChinaToday().AddDays(5)), w.OrgMember, w.Tenant);
        Assert.Single(await Commitments(w, accepted));
    }

    [Fact]
    public async Task An_open_commitment_becomes_overdue_when_the_clock_passes_its_due_date_in_china_time()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        // 2026-03-09 20:00 UTC is already 2026-03-10 04:00 in China: "today" is the 10th, so the 11th is the first allowed due date.
        using var app = new ClockedApp(f, new DateTimeOffset(2026, 3, 9, 20, 0, 0, TimeSpan.Zero));

        var tooEarly = await Assert.ThrowsAsync<ValidationException>(() => app.SendAsync(Add(id, new DateOnly(2026, 3, 10)), w.OrgMember, w.Tenant));
        Assert.Contains("2026-03-10", Assert.Single(tooEarly.Errors).ErrorMessage);
        await app.SendAsync(Add(id, new DateOnly(2026, 3, 11)), w.OrgMember, w.Tenant);

        async Task<CommitmentState> StateAsync() => Assert.Single((await app.SendAsync(new CommitmentsModel.Query { ProposalId = id }, w.Secretary, w.Tenant)).Rows).State;
        Assert.Equal(CommitmentState.Open, await StateAsync());

        app.Clock.Advance(TimeSpan.FromDays(1)); // the 11th in China: due today, still open
        Assert.Equal(CommitmentState.Open, await StateAsync());
        Assert.Empty((await app.SendAsync(new AllCommitmentsModel.Query { Filter = AllCommitmentsModel.StateFilter.Overdue }, w.Auditor, w.Tenant)).Rows);

        app.Clock.Advance(TimeSpan.FromHours(20) - TimeSpan.FromMinutes(1)); // 2026-03-11 23:59 in China: the due day is not over
        Assert.Equal(CommitmentState.Open, await StateAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // 2026-03-11 16:00 UTC, but already the 12th in China: overdue
        Assert.Equal(CommitmentState.Overdue, await StateAsync());
        var overdue = await app.SendAsync(new AllCommitmentsModel.Query { Filter = AllCommitmentsModel.StateFilter.Overdue }, w.Auditor, w.Tenant);
        Assert.Equal(CommitmentState.Overdue, Assert.Single(overdue.Rows).State);
        Assert.True(await w.ReadAsync(db => MissingDocuments.HasOverdueAsync(db, w.Organisation, app.Clock.Today(), default)));
        Assert.Equal(new DateOnly(2026, 3, 12), app.Clock.Today());

        // Supplying it, even late, ends it.
        await app.SendAsync(new CommitmentsModel.Supply { ProposalId = id, CommitmentId = overdue.Rows[0].Id, FileName = "场地协议.pdf", Content = Pdf }, w.OrgMember, w.Tenant);
        Assert.Equal(CommitmentState.Supplied, await StateAsync());
        Assert.False(await w.ReadAsync(db => MissingDocuments.HasOverdueAsync(db, w.Organisation, app.Clock.Today(), default)));
    }

    [Fact]
    public async Task Supplying_the_document_stores_it_once_and_a_second_supply_is_refused()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var commitment = await f.SendAsync(Add(id, ChinaToday().AddDays(10)), w.OrgMember, w.Tenant);

        var attachmentId = await f.SendAsync(new CommitmentsModel.Supply { ProposalId = id, CommitmentId = commitment, FileName = "场地使用协议.pdf", Content = Pdf },
            w.OrgMember, w.Tenant);

        var c = Assert.Single(await Commitments(w, id));
        Assert.Equal(attachmentId, c.SuppliedAttachmentId);
        Assert.NotNull(c.SuppliedAt);
        Assert.Equal(CommitmentState.Supplied, c.StateOn(ChinaToday().AddYears(5)));
        var a = await w.ReadAsync(db => db.Set<ProposalAttachment>().AsNoTracking().SingleAsync(x => x.Id == attachmentId));
        Assert.Equal((AttachmentPurpose.MissingDocument, "场地使用协议.pdf", "application/pdf", (long)Pdf.Length), (a.Purpose, a.FileName, a.ContentType, a.Size));
        Assert.StartsWith("commitments/", a.StorageKey);
        var document = await f.SendAsync(new CommitmentsModel.Download { ProposalId = id, CommitmentId = commitment }, w.Committee, w.Tenant);
        Assert.Equal(Pdf, document.Content);
        Assert.False(await w.ReadAsync(db => MissingDocuments.HasOutstandingAsync(db, id, default)));

        var again = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommitmentsModel.Supply { ProposalId = id, CommitmentId = commitment, FileName = "新版.pdf", Content = Pdf }, w.Secretary, w.Tenant));
        Assert.Contains("已经补交过", Assert.Single(again.Errors).ErrorMessage);
        Assert.Equal(1, await Attachments(w, id));
        Assert.Equal(attachmentId, Assert.Single(await Commitments(w, id)).SuppliedAttachmentId);
    }

    [Fact]
    public async Task An_exe_renamed_pdf_is_refused_on_supply_and_nothing_is_saved()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var commitment = await f.SendAsync(Add(id, ChinaToday().AddDays(10)), w.OrgMember, w.Tenant);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommitmentsModel.Supply { ProposalId = id, CommitmentId = commitment, FileName = "承诺书.pdf", Content = Exe }, w.OrgMember, w.Tenant));
        Assert.Contains("只接受 PDF、JPG、PNG 文件", Assert.Single(ex.Errors, e => e.PropertyName == "File").ErrorMessage);

        var missing = await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommitmentsModel.Supply { ProposalId = id, CommitmentId = commitment, FileName = null, Content = [] }, w.OrgMember, w.Tenant));
        Assert.Contains("请选择要上传的文件", Assert.Single(missing.Errors).ErrorMessage);

        Assert.Equal(0, await Attachments(w, id));
        var c = Assert.Single(await Commitments(w, id));
        Assert.Equal((null, null), (c.SuppliedAt, c.SuppliedAttachmentId));
        Assert.True(await w.ReadAsync(db => MissingDocuments.HasOutstandingAsync(db, id, default)));
        var folder = f.InTenantAsync(w.Tenant, sp =>
        {
            var root = Path.GetFullPath(sp.GetRequiredService<IOptions<FileStoreOptions>>().Value.Root, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            return Task.FromResult(Path.Combine(root, w.Tenant.Id.ToString("N"), "commitments"));
        });
        Assert.False(Directory.Exists(await folder));
    }

    [Fact]
    public async Task A_commitment_of_another_proposal_cannot_be_supplied_through_this_one()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var mine = await w.AddProposalAsync(ProposalStatus.Accepted);
        var theirs = await w.AddProposalAsync(ProposalStatus.Accepted, organisation: w.OtherOrganisation);
        var theirCommitment = await f.SendAsync(Add(theirs, ChinaToday().AddDays(10)), w.OtherOrgMember, w.Tenant);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new CommitmentsModel.Supply { ProposalId = mine, CommitmentId = theirCommitment, FileName = "a.pdf", Content = Pdf }, w.OrgMember, w.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new CommitmentsModel.Supply { ProposalId = theirs, CommitmentId = theirCommitment, FileName = "a.pdf", Content = Pdf }, w.OrgMember, w.Tenant));
        Assert.Null(Assert.Single(await Commitments(w, theirs)).SuppliedAt);
    }

    [Fact]
    public async Task HasOverdueAsync_looks_at_unsupplied_commitments_of_the_organisation_past_their_due_date()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var march10 = new DateOnly(2026, 3, 10);
        await InsertAsync(w, id, w.Organisation, march10, "场地协议");
        await InsertAsync(w, id, w.Organisation, new DateOnly(2026, 1, 1), "早已补交的材料", supplied: true);

        Task<bool> Overdue(Guid organisation, DateOnly today) => w.ReadAsync(db => MissingDocuments.HasOverdueAsync(db, organisation, today, default));
        Assert.False(await Overdue(w.Organisation, march10));            // due today: not yet overdue
        Assert.True(await Overdue(w.Organisation, march10.AddDays(1)));  // the day after: overdue
        Assert.False(await Overdue(w.OtherOrganisation, march10.AddDays(1)));
        // Another tenant's identical organisation id sees nothing of ours.
        var other = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        Assert.False(await other.ReadAsync(db => MissingDocuments.HasOverdueAsync(db, w.Organisation, march10.AddDays(30), default)));
    }

    [Fact]
    public async Task HasOutstandingAsync_is_true_while_any_commitment_of_the_proposal_is_unsupplied()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var clean = await w.AddProposalAsync(ProposalStatus.Accepted);
        Task<bool> Outstanding(Guid proposal) => w.ReadAsync(db => MissingDocuments.HasOutstandingAsync(db, proposal, default));

        Assert.False(await Outstanding(id));
        await InsertAsync(w, id, w.Organisation, new DateOnly(2030, 1, 1), "已补交", supplied: true);
        await InsertAsync(w, clean, w.Organisation, new DateOnly(2030, 1, 1), "已补交", supplied: true);
        Assert.False(await Outstanding(id));
        await InsertAsync(w, id, w.Organisation, new DateOnly(2030, 1, 1), "未到期的材料");
        Assert.True(await Outstanding(id));
        Assert.False(await Outstanding(clean));
    }

    [Fact]
    public void StateOn_is_open_until_the_due_date_then_overdue_and_supplied_wins()
    {
        var c = new MissingDocumentCommitment { DueDate = new DateOnly(2026, 3, 10) };
        Assert.Equal(CommitmentState.Open, c.StateOn(new DateOnly(2026, 3, 10)));
        Assert.Equal(CommitmentState.Overdue, c.StateOn(new DateOnly(2026, 3, 11)));
        c.SuppliedAt = DateTimeOffset.UtcNow;
        Assert.Equal(CommitmentState.Supplied, c.StateOn(new DateOnly(2026, 3, 11)));
    }

    [Fact]
    public async Task The_tenant_wide_list_filters_by_state_and_pages()
    {
        var w = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        var id = await w.AddProposalAsync(ProposalStatus.Accepted);
        var other = await w.AddProposalAsync(ProposalStatus.Accepted, organisation: w.OtherOrganisation);
        var today = ChinaToday();
        for (var i = 0; i < AllCommitmentsModel.PageSize + 2; i++)
            await InsertAsync(w, id, w.Organisation, today.AddDays(3 + i), $"材料{i:00}");
        await InsertAsync(w, other, w.OtherOrganisation, today.AddDays(-2), "逾期的材料");
        await InsertAsync(w, other, w.OtherOrganisation, today.AddDays(-20), "已补交的材料", supplied: true);

        Task<AllCommitmentsModel.Result> List(AllCommitmentsModel.StateFilter filter, int page = 1) =>
            f.SendAsync(new AllCommitmentsModel.Query { Filter = filter, Page = page }, w.Committee, w.Tenant);

        var overdue = await List(AllCommitmentsModel.StateFilter.Overdue);
        var row = Assert.Single(overdue.Rows);
        Assert.Equal(("逾期的材料", "大河社区志愿者协会", CommitmentState.Overdue), (row.DocumentName, row.Organisation, row.State));
        Assert.Equal("已补交的材料", Assert.Single((await List(AllCommitmentsModel.StateFilter.Supplied)).Rows).DocumentName);

        var open = await List(AllCommitmentsModel.StateFilter.Open);
        Assert.Equal((AllCommitmentsModel.PageSize + 2, 2, AllCommitmentsModel.PageSize), (open.Total, open.Pages, open.Rows.Count));
        Assert.All(open.Rows, r => Assert.Equal(CommitmentState.Open, r.State));
        Assert.Equal(2, (await List(AllCommitmentsModel.StateFilter.Open, 2)).Rows.Count);

        var all = await List(AllCommitmentsModel.StateFilter.All);
        Assert.Equal(AllCommitmentsModel.PageSize + 4, all.Total);
        Assert.Equal("逾期的材料", all.Rows[0].DocumentName); // the most overdue leads
        Assert.Equal(AllCommitmentsModel.StateFilter.Overdue, AllCommitmentsModel.Parse("OVERDUE"));
        Assert.Equal(AllCommitmentsModel.StateFilter.All, AllCommitmentsModel.Parse("nonsense"));

        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new AllCommitmentsModel.Query(), w.OrgMember, w.Tenant));
        var otherTenant = await ContestWorld.CreateAsync(f, ContestStage.Screening);
        Assert.Equal(0, (await f.SendAsync(new AllCommitmentsModel.Query(), otherTenant.Secretary, otherTenant.Tenant)).Total);
    }
}
