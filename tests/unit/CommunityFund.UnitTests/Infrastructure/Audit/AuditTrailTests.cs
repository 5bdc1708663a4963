using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using CommunityFund.UnitTests.Infrastructure.Mediation;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;
using InviteCommand = CommunityFund.Web.Features.Members.InviteModel.Command;

namespace CommunityFund.UnitTests.Infrastructure.Audit;

/// <summary>
/// The audit trail commits with its command, records refusals, and is a hash chain that names the first row edited or
/// deleted behind the application's back. Tampering drops the append-only triggers, so this class has its own database.
/// </summary>
public class AuditTrailTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private Task<List<AuditEntry>> TrailAsync(TenantInfo tenant) =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync());

    private Task<ChainVerification> VerifyAsync(TenantInfo tenant) =>
        f.InTenantAsync(tenant, sp => AuditChainCheck.VerifyAsync(sp.GetRequiredService<AppDbContext>(), default));

    private async Task<(TenantInfo Tenant, AppUser Secretary)> TenantWithInvitesAsync(int invites)
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);
        for (var i = 0; i < invites; i++)
            await f.SendAsync(new InviteCommand { Email = $"judge{i}@example.org", Role = "Judge" }, secretary, tenant);
        return (tenant, secretary);
    }

    private async Task SqlAsync(string sql)
    {
        await using var c = new MySqlConnection(f.Database.ConnectionString);
        await c.OpenAsync();
        await new MySqlCommand(sql, c).ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Commands_are_chained_in_order_and_the_chain_verifies()
    {
        var (tenant, secretary) = await TenantWithInvitesAsync(3);
        var trail = await TrailAsync(tenant);
        Assert.Equal([1L, 2L, 3L], trail.Select(e => e.Sequence));
        Assert.Equal("", trail[0].PreviousHash);
        Assert.Equal(trail[0].Hash, trail[1].PreviousHash);
        Assert.Equal(trail[1].Hash, trail[2].PreviousHash);
        Assert.All(trail, e => Assert.Equal((AuditOutcome.Succeeded, secretary.Id), (e.Outcome, e.UserId)));
        var check = await VerifyAsync(tenant);
        Assert.True(check.Intact);
        Assert.Equal((3L, 3L, trail[2].Hash), (check.Rows, check.HeadSequence, check.HeadHash));
    }

    [Fact]
    public async Task A_command_rolled_back_after_its_handler_ran_leaves_no_audit_row()
    {
        var (tenant, secretary) = await TenantWithInvitesAsync(1);
        var marker = Guid.NewGuid();
        // The handler runs and saves; the flush then loses a unique-key race, so the unit rolls back.
        await Assert.ThrowsAsync<ValidationException>(() => f.InScopeAsync(tenant, secretary, sp =>
            ActivatorUtilities.CreateInstance<TransactionBehaviour<CommitteeCommand, int>>(sp)
                .Handle(new CommitteeCommand(), default, () =>
                {
                    var db = sp.GetRequiredService<AppDbContext>();
                    db.Add(new TenantMembership { UserId = marker, Role = TenantRole.Judge });
                    db.Add(new TenantMembership { UserId = marker, Role = TenantRole.Judge });
                    return Task.FromResult(1);
                })));
        Assert.Single(await TrailAsync(tenant));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{marker}'")));
    }

    [Fact]
    public async Task When_the_audit_row_cannot_be_written_the_command_does_not_commit_either()
    {
        var (tenant, secretary) = await TenantWithInvitesAsync(1);
        // A row already holds the next sequence number, so the append fails inside the command's transaction.
        await SqlAsync($"INSERT INTO AuditEntries (TenantId, Sequence, At, Command, Outcome, PreviousHash, Hash) " +
                       $"VALUES ('{tenant.Id}', 2, NOW(3), 'x', 'Succeeded', '', '')");
        await Assert.ThrowsAnyAsync<Exception>(() =>
            f.SendAsync(new InviteCommand { Email = "late@example.org", Role = "Judge" }, secretary, tenant));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM Invitations WHERE TenantId = '{tenant.Id}' AND Email = 'late@example.org'")));
    }

    [Fact]
    public async Task A_command_refused_by_its_role_check_is_recorded_as_forbidden()
    {
        var (tenant, _) = await TenantWithInvitesAsync(0);
        var judge = await f.CreateUserAsync();
        await f.GrantAsync(tenant, judge, TenantRole.Judge);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            f.SendAsync(new InviteCommand { Email = "x@example.org", Role = "Judge" }, judge, tenant));
        var row = Assert.Single(await TrailAsync(tenant));
        Assert.Equal((AuditOutcome.Forbidden, judge.Id), (row.Outcome, row.UserId));
        Assert.Contains("InviteModel+Command", row.Command);
        Assert.True((await VerifyAsync(tenant)).Intact);
    }

    [Fact]
    public async Task A_command_refused_by_validation_is_recorded_with_the_reason()
    {
        var (tenant, secretary) = await TenantWithInvitesAsync(0);
        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new InviteCommand { Email = "not-an-address", Role = "Judge" }, secretary, tenant));
        var row = Assert.Single(await TrailAsync(tenant));
        Assert.Equal(AuditOutcome.Rejected, row.Outcome);
        Assert.StartsWith(nameof(ValidationException), row.Detail);
    }

    [Fact]
    public async Task An_edited_row_and_a_deleted_row_are_named_by_verify()
    {
        var (tenant, _) = await TenantWithInvitesAsync(4);
        await SqlAsync("DROP TRIGGER IF EXISTS trg_AuditEntries_no_update; DROP TRIGGER IF EXISTS trg_AuditEntries_no_delete;");
        try
        {
            await SqlAsync($"UPDATE AuditEntries SET Target = 'someone-else@example.org:Judge' WHERE TenantId = '{tenant.Id}' AND Sequence = 2");
            Assert.Equal(new ChainBreak(2, ChainBreakKind.Altered), (await VerifyAsync(tenant)).FirstBreak);

            // Rewriting the row's own hash too moves the break to the next link.
            var edited = (await TrailAsync(tenant))[1];
            await SqlAsync($"UPDATE AuditEntries SET Hash = '{AuditHash.Of(edited)}' WHERE TenantId = '{tenant.Id}' AND Sequence = 2");
            Assert.Equal(new ChainBreak(3, ChainBreakKind.Relinked), (await VerifyAsync(tenant)).FirstBreak);

            var (other, _) = await TenantWithInvitesAsync(4);
            await SqlAsync($"DELETE FROM AuditEntries WHERE TenantId = '{other.Id}' AND Sequence = 3");
            Assert.Equal(new ChainBreak(3, ChainBreakKind.Missing), (await VerifyAsync(other)).FirstBreak);

            var (third, _) = await TenantWithInvitesAsync(3);
            await SqlAsync($"DELETE FROM AuditEntries WHERE TenantId = '{third.Id}' AND Sequence = 3");
            Assert.Equal(new ChainBreak(3, ChainBreakKind.Missing), (await VerifyAsync(third)).FirstBreak); // the tail, by the head
        }
        finally
        {
            await SqlAsync("""
                CREATE TRIGGER IF NOT EXISTS trg_AuditEntries_no_update BEFORE UPDATE ON AuditEntries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'These rows are append-only';
                CREATE TRIGGER IF NOT EXISTS trg_AuditEntries_no_delete BEFORE DELETE ON AuditEntries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'These rows are append-only';
                """);
        }
    }

    [Fact]
    public async Task The_application_cannot_change_or_delete_an_audit_row()
    {
        var (tenant, _) = await TenantWithInvitesAsync(1);
        var ex = await Assert.ThrowsAsync<MySqlException>(() =>
            SqlAsync($"UPDATE AuditEntries SET Target = 'x' WHERE TenantId = '{tenant.Id}'"));
        Assert.Contains("append-only", ex.Message);
    }

    [Fact]
    public async Task Concurrent_commands_of_one_tenant_each_get_their_own_link()
    {
        var (tenant, secretary) = await TenantWithInvitesAsync(0);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            f.SendAsync(new InviteCommand { Email = $"racer{i}@example.org", Role = "Judge" }, secretary, tenant)));
        var trail = await TrailAsync(tenant);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), trail.Select(e => e.Sequence));
        Assert.True((await VerifyAsync(tenant)).Intact);
    }
}

public class SignInAuditTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Sign_ins_refused_and_accepted_and_sign_outs_are_in_the_tenants_chain()
    {
        var tenant = await f.CreateTenantAsync();
        var member = await f.CreateUserAsync();
        await f.GrantAsync(tenant, member, TenantRole.Committee);

        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommunityFund.Web.Features.Account.LoginModel.Command { Email = member.Email!, Password = "not-the-password" }, null, tenant));
        await Assert.ThrowsAsync<ValidationException>(() =>
            f.SendAsync(new CommunityFund.Web.Features.Account.LoginModel.Command { Email = "nobody@example.org", Password = "whatever-it-is" }, null, tenant));
        await f.SendAsync(new CommunityFund.Web.Features.Account.LogoutModel.Command(), member, tenant);

        var trail = await f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync());
        const string signIn = "Features.Account.LoginModel+Command";
        Assert.Equal(
            [(signIn, member.Email, AuditOutcome.Rejected), (signIn, "nobody@example.org", AuditOutcome.Rejected)],
            trail.Take(2).Select(e => (e.Command, e.Target, e.Outcome)));
        Assert.Equal("WrongPasswordOrUnknownAccount", trail[0].Detail);
        var signOut = trail[2];
        Assert.Equal((AuditOutcome.Succeeded, member.Id), (signOut.Outcome, signOut.UserId));
        Assert.Contains("LogoutModel+Command", signOut.Command);
        Assert.True((await f.InTenantAsync(tenant, sp => AuditChainCheck.VerifyAsync(sp.GetRequiredService<AppDbContext>(), default))).Intact);
    }
}
