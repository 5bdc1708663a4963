using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.Migrations;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Contests.Awards;
using CommunityFund.Web.Features.Contests.Setup;
using CommunityFund.Web.Features.Contests.Stages;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Claims;
using CommunityFund.Web.Features.Grants.Notifications;
using CommunityFund.Web.Features.Grants.Projects;
using CommunityFund.Web.Features.Grants.Reports;
using CommunityFund.Web.Features.Grants.Settings;
using CommunityFund.Web.Features.Grants.TimeLimits;
using CommunityFund.Web.Features.Ledger;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;
using TimeLimitsModel = CommunityFund.Web.Features.Grants.TimeLimits.IndexModel;

namespace CommunityFund.UnitTests.Features.Grants.Demo;

/// <summary>
/// The grants demo of shipingqiao: projects from round 1's awards in every stage, all made by the real commands, so
/// the books balance, no fund is overdrawn, maker-checker held on every approval, and the time-limit dashboard has
/// green, yellow and red items. Seeding again adds nothing.
/// </summary>
public class DemoGrantsTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private const string Tenant = "shipingqiao";

    private async Task<TenantInfo> SeededAsync()
    {
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null, Path.Combine(f.MailDirectory, "files"));
        return await f.InTenantAsync(null, async sp =>
            (await sp.GetRequiredService<CatalogDbContext>().Tenants.SingleAsync(t => t.Identifier == Tenant)).ToInfo());
    }

    private async Task<AppUser> UserAsync(string email)
    {
        using var scope = f.Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }

    private Task<Dictionary<string, int>> CountsAsync(TenantInfo tenant) =>
        f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return new Dictionary<string, int>
            {
                ["projects"] = await db.Set<Project>().CountAsync(),
                ["lines"] = await db.Set<ProjectBudgetLine>().CountAsync(),
                ["tranches"] = await db.Set<Tranche>().CountAsync(),
                ["claims"] = await db.Set<ExpenseClaim>().CountAsync(),
                ["claimLines"] = await db.Set<ExpenseClaimLine>().CountAsync(),
                ["reports"] = await db.Set<ProjectReport>().CountAsync(),
                ["requests"] = await db.Set<ApprovalRequest>().CountAsync(),
                ["decisions"] = await db.Set<ApprovalDecision>().CountAsync(),
                ["conflicts"] = await db.Set<CommitteeConflict>().CountAsync(),
                ["holidays"] = await db.Set<Holiday>().CountAsync(),
                ["settings"] = await db.Set<GrantSettings>().CountAsync(),
                ["steps"] = await db.Set<PendingStep>().CountAsync(),
                ["notifications"] = await db.Set<Notification>().CountAsync(),
                ["entries"] = await db.Set<JournalEntry>().CountAsync(),
                ["memberships"] = await db.Set<TenantMembership>().CountAsync(),
            };
        });

    [Fact]
    public async Task Round_one_awards_become_projects_in_every_stage_and_a_second_seed_adds_nothing()
    {
        var tenant = await SeededAsync();
        var before = await CountsAsync(tenant);
        var users = await f.CountUsersAsync();
        await DemoData.SeedAsync(f.Database.ConnectionString, TextWriter.Null, Path.Combine(f.MailDirectory, "files")); // idempotent
        Assert.Equal(before, await CountsAsync(tenant));
        Assert.Equal(users, await f.CountUsersAsync());

        var chair = await UserAsync(DemoData.EmailOf(Tenant, TenantRole.Committee));
        await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var projects = await db.Set<Project>().AsNoTracking().ToListAsync();
            var tranches = await db.Set<Tranche>().AsNoTracking().ToListAsync();
            var reports = await db.Set<ProjectReport>().AsNoTracking().ToListAsync();
            var claims = await db.Set<ExpenseClaim>().AsNoTracking().ToListAsync();

            // Every funded award of the final round became a project; one more grant was made outside the contest.
            var round1 = await db.Set<Contest>().SingleAsync(c => c.Stage == ContestStage.Final);
            var awards = await (from i in db.Set<AwardItem>()
                                join l in db.Set<AwardList>() on i.AwardListId equals l.Id
                                where l.ContestId == round1.Id && l.Status == AwardListStatus.Confirmed && i.Amount > 0
                                select i.ProposalId).ToListAsync();
            Assert.Equal(awards.Order(), projects.Where(p => p.ContestId == round1.Id).Select(p => p.ProposalId!.Value).Order());
            Assert.Equal(Enumerable.Range(1, projects.Count), projects.Select(p => p.Number).Order());

            int Count(ProjectStatus s) => projects.Count(p => p.Status == s);
            Assert.Equal(1, Count(ProjectStatus.Closed));
            Assert.Equal(1, Count(ProjectStatus.Suspended));
            Assert.True(Count(ProjectStatus.AgreementSigned) >= 3);
            Assert.True(Count(ProjectStatus.InProgress) >= 3);

            // The direct grant waits for the committee.
            var direct = Assert.Single(projects, p => p.ContestId is null);
            Assert.Equal(ProjectStatus.PendingApproval, direct.Status);
            Assert.True(await db.Set<ApprovalRequest>().AnyAsync(r => r.Kind == ApprovalKind.Grant && r.SubjectId == direct.Id && r.Status == ApprovalStatus.Pending));

            // Signed with the first tranche paid; mid-term accepted with the second tranche paid.
            bool Paid(Project p, int sequence) => tranches.Any(x => x.ProjectId == p.Id && x.Sequence == sequence && x.Status == TrancheStatus.Paid);
            Assert.True(projects.Count(p => p.Status is ProjectStatus.AgreementSigned or ProjectStatus.InProgress && Paid(p, 1)) >= 5);
            var midterm = projects.Where(p => p.Status == ProjectStatus.InProgress && Paid(p, 2)
                && reports.Any(r => r.ProjectId == p.Id && r.Kind == ReportKind.Midterm && r.Status == ReportStatus.Accepted)).ToList();
            Assert.True(midterm.Count >= 3);
            Assert.All(tranches.Where(x => x.Status == TrancheStatus.Paid), x => Assert.NotNull(x.JournalEntryId));
            // One tranche is half approved, one approved and waiting to be paid.
            Assert.Contains(tranches, x => x.Status == TrancheStatus.Requested);
            Assert.Contains(tranches, x => x.Status == TrancheStatus.Approved);

            // The closed project: final report accepted with its score, every tranche paid and the advance written off.
            var closed = projects.Single(p => p.Status == ProjectStatus.Closed);
            Assert.NotNull(closed.EvaluationScore);
            Assert.Contains(reports, r => r.ProjectId == closed.Id && r.Kind == ReportKind.Final && r.Status == ReportStatus.Accepted);
            Assert.All(tranches.Where(x => x.ProjectId == closed.Id), x => Assert.Equal(TrancheStatus.Paid, x.Status));
            Assert.Equal(0m, await ProjectClosing.OutstandingAdvanceAsync(db, sp.GetRequiredService<IFundPayments>(), closed, default));

            var suspended = projects.Single(p => p.Status == ProjectStatus.Suspended);
            Assert.False(string.IsNullOrWhiteSpace(suspended.StatusReason));

            // Claims: written off against an advance, paid to a reimbursement project, returned once with its list, awaiting the committee.
            var entries = await db.Set<JournalEntry>().AsNoTracking().ToDictionaryAsync(e => e.Id);
            var mode = projects.ToDictionary(p => p.Id, p => p.Mode);
            Assert.Contains(claims, c => c.Status == ClaimStatus.Settled && mode[c.ProjectId] == FundingMode.Advance && c.ProjectId != closed.Id
                                         && entries[c.JournalEntryId!.Value].Kind == EntryKind.AdvanceWriteOff);
            Assert.Contains(claims, c => c.Status == ClaimStatus.Settled && mode[c.ProjectId] == FundingMode.Reimbursement
                                         && entries[c.JournalEntryId!.Value].Kind == EntryKind.Reimbursement);
            Assert.Contains(claims, c => c.Status == ClaimStatus.Returned && c.GetFixList().Count > 0);
            Assert.Contains(claims, c => c.Status == ClaimStatus.AwaitingApproval);
            Assert.Contains(claims, c => c.Status == ClaimStatus.Submitted);

            // Maker-checker on every decided request: enough distinct committee members, never the preparer, never a conflicted one.
            var committee = await db.Set<TenantMembership>().Where(m => m.Role == TenantRole.Committee).Select(m => m.UserId).ToListAsync();
            var conflicts = await db.Set<CommitteeConflict>().AsNoTracking().ToListAsync();
            Assert.Single(conflicts);
            var requests = await db.Set<ApprovalRequest>().AsNoTracking().ToListAsync();
            var decisions = await db.Set<ApprovalDecision>().AsNoTracking().ToListAsync();
            foreach (var r in requests.Where(r => r.Status == ApprovalStatus.Approved))
            {
                var voters = decisions.Where(d => d.RequestId == r.Id && d.Approved).Select(d => d.ApproverId).ToList();
                Assert.True(voters.Distinct().Count() >= r.RequiredApprovals);
                Assert.DoesNotContain(r.PreparedBy, voters);
                Assert.All(voters, v => Assert.Contains(v, committee));
                Assert.DoesNotContain(voters, v => conflicts.Any(c => c.MemberId == v && c.OrganisationId == r.OrganisationId));
            }
            Assert.Contains(requests, r => r.Status == ApprovalStatus.Approved && r.RequiredApprovals == 2);

            // The committee's rules are saved, with the chair and the public holidays.
            var settings = await db.Set<GrantSettings>().AsNoTracking().SingleAsync();
            Assert.Equal(chair.Id, settings.ChairId);
            var holidays = await db.Set<Holiday>().Select(h => h.Date).ToListAsync();
            Assert.All(Enumerable.Range(1, 7), d => Assert.Contains(new DateOnly(2026, 10, d), holidays));
            Assert.Contains(new DateOnly(2026, 2, 17), holidays);
            Assert.Contains(new DateOnly(2027, 2, 6), holidays);
            Assert.True(await db.Set<Holiday>().AnyAsync(h => h.Date == new DateOnly(2026, 10, 10) && h.IsWorkingDay)); // a weekend worked in exchange
            return 0;
        });

        // The dashboard has items in every colour; the red ones told the committee, whose inbox holds them.
        var secretary = await UserAsync(DemoData.EmailOf(Tenant, TenantRole.Secretariat));
        var dashboard = await f.SendAsync(new TimeLimitsModel.Query(), secretary, tenant);
        Assert.All(Enum.GetValues<TimeLimitState>(), s => Assert.True(dashboard.Counts[s] >= 1, $"no {s} item"));
        await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var red = await db.Set<PendingStep>().Where(s => s.ClosedAt == null && s.State == TimeLimitState.Red).ToListAsync();
            Assert.NotEmpty(red);
            Assert.All(red, s => Assert.NotNull(s.RedNotifiedAt));
            Assert.True(await db.Set<Notification>().AnyAsync(n => n.UserId == chair.Id && n.ReadAt == null));
            Assert.True(await db.Set<Notification>().AnyAsync(n => n.UserId == secretary.Id));
            return 0;
        });
    }

    [Fact]
    public async Task The_books_balance_and_no_fund_is_overdrawn_after_the_grants()
    {
        var tenant = await SeededAsync();
        await SoundBooks.AssertAsync(f, tenant);
        await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var kept = await db.Set<FundAccountBalance>().AsNoTracking().ToListAsync();
            // The grants moved real money: advances paid out of the general fund and partly written off, project expense recorded.
            var bank = await db.Set<LedgerAccount>().SingleAsync(a => a.SystemKey == ChartOfAccounts.Bank);
            var advances = await db.Set<LedgerAccount>().SingleAsync(a => a.SystemKey == ChartOfAccounts.Advances);
            var general = await db.Set<Fund>().SingleAsync(x => x.Code == "GEN");
            var paid = await db.Set<Tranche>().Where(x => x.Status == TrancheStatus.Paid).SumAsync(x => x.Amount);
            var writtenOff = await (from c in db.Set<ExpenseClaim>()
                                    join p in db.Set<Project>() on c.ProjectId equals p.Id
                                    where c.Status == ClaimStatus.Settled && p.Mode == FundingMode.Advance
                                    select c.Total).SumAsync();
            Assert.True(paid > 100_000m);
            var advanceBalance = kept.Where(b => b.AccountId == advances.Id && b.FundId == general.Id).Sum(b => b.DebitTotal - b.CreditTotal);
            Assert.Equal(paid - writtenOff, advanceBalance);
            Assert.True(kept.Single(b => b.AccountId == bank.Id && b.FundId == general.Id) is { } g && g.DebitTotal - g.CreditTotal >= 0);
            return 0;
        });
    }

    [Fact]
    public async Task The_grants_pages_show_the_demo_to_its_people()
    {
        var tenant = await SeededAsync();
        var client = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(client, Tenant, DemoData.EmailOf(Tenant, TenantRole.Secretariat), DemoData.Password);
        var (closed, direct, claim) = await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Set<Project>().Where(p => p.Status == ProjectStatus.Closed).Select(p => p.Id).SingleAsync(),
                await db.Set<Project>().Where(p => p.ContestId == null).Select(p => p.Number).SingleAsync(),
                await db.Set<ExpenseClaim>().Where(c => c.Status == ClaimStatus.Returned).Select(c => c.Id).FirstAsync());
        });
        foreach (var (path, marker) in new[]
                 {
                     ("/projects", $"data-testid=\"project-{direct}\""), ("/time-limits", "data-testid=\"filter-red\""), ("/approvals", "data-testid=\"approvals\""),
                     ("/inbox", "data-testid=\"inbox\""), ("/grants/settings", "2026-10-01"), ("/grants/conflicts", "本人在该机构担任兼职督导"),
                     ($"/projects/{closed}", "data-testid=\"tranches\""), ($"/claims/{claim}", "data-testid=\"fix-list\""),
                 })
        {
            var response = await client.GetAsync($"/{Tenant}{path}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            Assert.Contains(marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("time-limits-empty", await client.GetStringAsync($"/{Tenant}/time-limits"), StringComparison.Ordinal);

        // The organisation whose claim was returned signs in and sees its own project only.
        var member = await f.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var org = await (from c in db.Set<ExpenseClaim>()
                             join p in db.Set<Project>() on c.ProjectId equals p.Id
                             where c.Id == claim
                             select p.OrganisationId).SingleAsync();
            return await db.Set<Web.Kernel.Organisations.OrganisationMember>().Where(m => m.OrganisationId == org).Select(m => m.UserId).SingleAsync();
        });
        var email = (await f.InTenantAsync(null, sp => sp.GetRequiredService<CatalogDbContext>().Users.Where(u => u.Id == member).Select(u => u.Email!).SingleAsync()));
        var orgClient = f.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await HttpLogin.SignInAsync(orgClient, Tenant, email, DemoData.Password);
        var list = await orgClient.GetStringAsync($"/{Tenant}/projects");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(list, "data-testid=\"project-\\d+\""));
        Assert.Equal(HttpStatusCode.OK, (await orgClient.GetAsync($"/{Tenant}/claims/{claim}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgClient.GetAsync($"/{Tenant}/projects/{closed}")).StatusCode);
    }
}
