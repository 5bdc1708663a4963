using FluentValidation;
using CommunityFund.UnitTests.Features.Grants.ProjectTests;
using CommunityFund.UnitTests.Features.Ledger.Income;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Audit.Log;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;
using EntryModel = CommunityFund.Web.Features.Ledger.Journal.EntryModel;
using InviteCommand = CommunityFund.Web.Features.Members.InviteModel.Command;
using ExceptionsModel = CommunityFund.Web.Features.Audit.Exceptions.IndexModel;
using CommunityFund.Web.Kernel.Oversight;
using VerifyModel = CommunityFund.Web.Features.Audit.Verify.IndexModel;

namespace CommunityFund.UnitTests.Features.Audit;

/// <summary>The auditor's pages: search the log, download it, verify the chain, and go from a voucher to who approved it.</summary>
public class AuditPagesTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private async Task<(TenantInfo Tenant, AppUser Secretary, AppUser Auditor)> WorldAsync()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        var auditor = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        await f.GrantAsync(tenant, auditor, TenantRole.Auditor);
        return (tenant, secretary, auditor);
    }

    [Fact]
    public async Task The_log_is_searched_by_person_command_target_and_outcome_and_paged_newest_first()
    {
        var (tenant, secretary, auditor) = await WorldAsync();
        for (var i = 0; i < IndexModel.PageSize + 5; i++)
            await f.SendAsync(new InviteCommand { Email = $"judge{i}@example.org", Role = "Judge" }, secretary, tenant);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new InviteCommand { Email = "x@example.org", Role = "Judge" }, auditor, tenant));

        var first = await f.SendAsync(new IndexModel.Query(), auditor, tenant);
        Assert.Equal(IndexModel.PageSize, first.Rows.Count);
        Assert.Equal(IndexModel.PageSize + 6, first.Rows[0].Sequence);
        Assert.Equal(AuditOutcome.Forbidden, first.Rows[0].Outcome);
        var second = await f.SendAsync(new IndexModel.Query { After = first.OlderAfter!.Value.ToString() }, auditor, tenant);
        Assert.Equal([6L, 5L, 4L, 3L, 2L, 1L], second.Rows.Select(r => r.Sequence));
        Assert.Null(second.OlderAfter);

        var refused = await f.SendAsync(new IndexModel.Query { Outcome = "Forbidden" }, auditor, tenant);
        Assert.Equal(auditor.Email, Assert.Single(refused.Rows).Person);
        var byTarget = await f.SendAsync(new IndexModel.Query { Target = "judge17@" }, auditor, tenant);
        Assert.Equal("judge17@example.org:Judge", Assert.Single(byTarget.Rows).Target);
        var byPerson = await f.SendAsync(new IndexModel.Query { Person = secretary.Email![..8], Command = "InviteModel" }, auditor, tenant);
        Assert.Equal(IndexModel.PageSize, byPerson.Rows.Count);
        Assert.All(byPerson.Rows, r => Assert.Equal(secretary.Email, r.Person));
        var tomorrow = TimeProvider.System.Today().AddDays(1).ToString("yyyy-MM-dd");
        Assert.Empty((await f.SendAsync(new IndexModel.Query { From = tomorrow }, auditor, tenant)).Rows);
    }

    [Fact]
    public async Task Bad_filters_get_messages_and_other_roles_are_refused()
    {
        var (tenant, secretary, auditor) = await WorldAsync();
        var bad = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(
            new IndexModel.Query { From = "2026-13-01", To = "2026-01-01", Outcome = "Deleted", Person = new string('x', 101) }, auditor, tenant));
        Assert.Equal(["From", "Outcome", "Person"], bad.Errors.Select(e => e.PropertyName).Order());
        var reversed = await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new IndexModel.Query { From = "2026-02-01", To = "2026-01-01" }, auditor, tenant));
        Assert.Equal("截止日期不能早于起始日期。", Assert.Single(reversed.Errors).ErrorMessage);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new IndexModel.Query(), secretary, tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new VerifyModel.Query(), secretary, tenant));
    }

    [Fact]
    public async Task The_download_has_every_filtered_row_oldest_first_with_its_hash()
    {
        var (tenant, secretary, auditor) = await WorldAsync();
        for (var i = 0; i < 3; i++)
            await f.SendAsync(new InviteCommand { Email = $"judge{i}@example.org", Role = "Judge" }, secretary, tenant);
        var export = await f.InScopeAsync(tenant, auditor, async sp =>
        {
            var data = await sp.GetRequiredService<MediatR.IMediator>().Send(new DownloadModel.Query { Command = "Invite" });
            var rows = new List<object?[]>();
            await foreach (var r in data.Rows) rows.Add(r);
            return (data.Count, rows);
        });
        Assert.Equal(3, export.Count);
        Assert.Equal([1L, 2L, 3L], export.rows.Select(r => (long)r[0]!));
        Assert.Equal("judge2@example.org:Judge", export.rows[2][4]);
        Assert.Equal("成功", export.rows[2][5]);
        var verified = await f.SendAsync(new VerifyModel.Query(), auditor, tenant);
        Assert.Equal((string)export.rows[2][8]!, verified.HeadHash);
        Assert.True(verified.Intact);
    }

    [Fact]
    public async Task A_tranche_voucher_names_its_project_and_the_committee_decisions_that_authorised_it()
    {
        var w = await ProjectWorld.CreateAsync(f);
        var (project, tranche) = await w.ApprovedFirstTrancheAsync(10_000m);
        var paid = await w.PayAsync(project, tranche);

        var auditor = await f.CreateUserAsync();
        await f.GrantAsync(w.Tenant, auditor, TenantRole.Auditor);
        var entry = await f.SendAsync(new EntryModel.Query { Id = paid.EntryId }, auditor, w.Tenant);
        Assert.Equal(("/Grants/Projects/Detail", project.ToString()), (entry.SourcePage!.Page, entry.SourcePage.Id));
        var approval = Assert.Single(entry.Approvals!);
        Assert.Equal((ApprovalKind.TranchePayment, ApprovalStatus.Approved), (approval.Kind, approval.Status));
        var decision = Assert.Single(approval.Decisions);
        Assert.True(decision.Approved);
        Assert.Contains(w.Contest.Committee.Email!, decision.Approver + " " + w.Contest.Committee.DisplayName + " " + w.Contest.Committee.Email);

        // A posting without a source document shows neither.
        var donation = (await Books.EntriesAsync(w.Ledger)).First(e => e.Kind == EntryKind.Donation);
        var plain = await f.SendAsync(new EntryModel.Query { Id = donation.Id }, auditor, w.Tenant);
        Assert.Empty(plain.Approvals!);
        Assert.Null(plain.SourcePage);
    }
}

public class ExceptionsReportTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Chair_decisions_and_reversals_are_listed_from_their_areas_with_links_and_counts()
    {
        var a = await CommunityFund.UnitTests.Features.Grants.ApprovalTests.ApprovalWorld.CreateAsync(f);
        var id = await a.RequestAsync(5_000.01m, preparer: a.Committee);
        await a.DecideAsync(CommunityFund.UnitTests.Features.Grants.ApprovalTests.ApprovalWorld.Reject(id, "不同意"), a.Chair);
        var posted = await a.World.Ledger.ReceiveAsync(a.World.Ledger.General, 800m, TimeProvider.System.Today());
        await f.SendAsync(new EntryModel.Reverse
        {
            EntryId = posted.Id, Date = TimeProvider.System.Today().ToString("yyyy-MM-dd"), Reason = "金额录错", IdempotencyKey = InputRules.NewIdempotencyKey(),
        }, a.Secretary, a.Tenant);
        var auditor = await f.CreateUserAsync();
        await f.GrantAsync(a.Tenant, auditor, TenantRole.Auditor);

        var report = await f.SendAsync(new ExceptionsModel.Query(), auditor, a.Tenant);
        Assert.Equal([(ExceptionKind.ChairDecision, 1), (ExceptionKind.Reversal, 1)], report.Counts);
        var chair = Assert.Single(report.Rows, r => r.Kind == ExceptionKind.ChairDecision);
        Assert.Equal(("/Grants/Approvals/Requests/Detail", id.ToString()), (chair.Page!.Page, chair.Page.Id));
        var reversal = Assert.Single(report.Rows, r => r.Kind == ExceptionKind.Reversal);
        Assert.Contains("金额录错", reversal.Summary);
        Assert.Equal("/Ledger/Journal/Entry", reversal.Page!.Page);

        var onlyReversals = await f.SendAsync(new ExceptionsModel.Query { Kind = "Reversal" }, auditor, a.Tenant);
        Assert.Equal(ExceptionKind.Reversal, Assert.Single(onlyReversals.Rows).Kind);
        var lastYear = TimeProvider.System.Today().AddYears(-1);
        var before = await f.SendAsync(new ExceptionsModel.Query { From = lastYear.ToString("yyyy-MM-dd"), To = lastYear.AddDays(10).ToString("yyyy-MM-dd") }, auditor, a.Tenant);
        Assert.Empty(before.Rows);
        await Assert.ThrowsAsync<ValidationException>(() => f.SendAsync(new ExceptionsModel.Query { Kind = "Other" }, auditor, a.Tenant));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.SendAsync(new ExceptionsModel.Query(), a.Secretary, a.Tenant));
    }
}
