using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Account;
using CommunityFund.Web.Infrastructure.Audit;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Mediation;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Infrastructure.Mediation;

[RequiresTenantRole(TenantRole.Committee)]
public sealed class CommitteeCommand : ICommand<int>;

[RequiresTenantRole]
public sealed class AnyMemberQuery : IRequest<int>;

[RequiresPlatformAdmin]
public sealed class AdminCommand : IPlatformCommand<int>;

[AllowAnonymousRequest]
public sealed class OpenQuery : IRequest<int>
{
    public string Name { get; init; } = "";
}

public sealed class UndeclaredQuery : IRequest<int>;

internal sealed class FakeUser(Guid? id, bool admin = false, params TenantRole[] roles) : ICurrentUser
{
    public Guid? UserId => id;
    public string? Email => id is null ? null : "someone@example.org";
    public string? IpAddress => "198.51.100.1";
    public Task<bool> IsPlatformAdminAsync(CancellationToken ct = default) => Task.FromResult(admin);
    public Task<IReadOnlySet<TenantRole>> GetTenantRolesAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlySet<TenantRole>>(roles.ToHashSet());
}

internal sealed class CapturingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}

public class BehaviourOrderTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    [Fact]
    public void Behaviours_run_logging_then_audit_then_authorization_then_validation_then_transaction_then_idempotency()
    {
        using var scope = f.Factory.Services.CreateScope();
        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<RegisterModel.Command, Guid>>().Select(b => b.GetType().GetGenericTypeDefinition()).ToList();
        Assert.Equal(
            [typeof(LoggingBehaviour<,>), typeof(AuditBehaviour<,>), typeof(AuthorizationBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(TransactionBehaviour<,>),
             typeof(IdempotencyBehaviour<,>)],
            behaviours);
    }

    [Fact]
    public void Every_request_in_the_application_declares_who_may_send_it()
    {
        var declarations = new[] { typeof(RequiresTenantRoleAttribute), typeof(RequiresPlatformAdminAttribute), typeof(AllowAnonymousRequestAttribute), typeof(RequiresSignedInUserAttribute) };
        var requests = typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.True(declarations.Any(d => Attribute.IsDefined(r, d)), $"{r.FullName} declares no authorization"));
    }
}

public class LoggingBehaviourTests
{
    [Fact]
    public async Task A_handled_request_is_logged_with_its_name_and_tenant()
    {
        var logger = new CapturingLogger<LoggingBehaviour<OpenQuery, int>>();
        var tenants = new TenantContext();
        tenants.Set(new TenantInfo(Guid.NewGuid(), "shipingqiao", "石坪桥", "Shipingqiao", TenantStatus.Active, null));
        var result = await new LoggingBehaviour<OpenQuery, int>(logger, tenants).Handle(new OpenQuery(), default, () => Task.FromResult(7));
        Assert.Equal(7, result);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("OpenQuery", entry.Message);
        Assert.Contains("shipingqiao", entry.Message);
    }

    [Fact]
    public async Task A_failing_request_is_logged_as_an_error_and_the_exception_still_propagates()
    {
        var logger = new CapturingLogger<LoggingBehaviour<OpenQuery, int>>();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LoggingBehaviour<OpenQuery, int>(logger, new TenantContext()).Handle(new OpenQuery(), default, () => throw new InvalidOperationException("boom")));
        Assert.Equal(LogLevel.Error, Assert.Single(logger.Entries).Level);
    }
}

public class AuthorizationBehaviourTests
{
    private static readonly TenantInfo Tenant = new(Guid.NewGuid(), "shipingqiao", "石坪桥", "Shipingqiao", TenantStatus.Active, null);

    private static Task<int> Run<TRequest>(TRequest request, ICurrentUser user, bool inTenant = true) where TRequest : IRequest<int>
    {
        var tenants = new TenantContext();
        if (inTenant) tenants.Set(Tenant);
        return new AuthorizationBehaviour<TRequest, int>(user, tenants).Handle(request, default, () => Task.FromResult(1));
    }

    [Fact]
    public async Task A_member_with_the_declared_role_passes() =>
        Assert.Equal(1, await Run(new CommitteeCommand(), new FakeUser(Guid.NewGuid(), false, TenantRole.Committee)));

    [Fact]
    public async Task A_member_without_the_declared_role_is_forbidden() =>
        await Assert.ThrowsAsync<ForbiddenException>(() => Run(new CommitteeCommand(), new FakeUser(Guid.NewGuid(), false, TenantRole.Secretariat)));

    [Fact]
    public async Task An_anonymous_user_is_forbidden_from_member_requests() =>
        await Assert.ThrowsAsync<ForbiddenException>(() => Run(new AnyMemberQuery(), new FakeUser(null)));

    [Fact]
    public async Task Any_role_satisfies_a_request_that_needs_membership_only()
    {
        Assert.Equal(1, await Run(new AnyMemberQuery(), new FakeUser(Guid.NewGuid(), false, TenantRole.Auditor)));
        await Assert.ThrowsAsync<ForbiddenException>(() => Run(new AnyMemberQuery(), new FakeUser(Guid.NewGuid())));
    }

    [Fact]
    public async Task A_tenant_request_without_a_tenant_is_forbidden() =>
        await Assert.ThrowsAsync<ForbiddenException>(() => Run(new CommitteeCommand(), new FakeUser(Guid.NewGuid(), true, TenantRole.Committee), inTenant: false));

    [Fact]
    public async Task Platform_requests_need_a_platform_admin()
    {
        Assert.Equal(1, await Run(new AdminCommand(), new FakeUser(Guid.NewGuid(), admin: true), inTenant: false));
        await Assert.ThrowsAsync<ForbiddenException>(() => Run(new AdminCommand(), new FakeUser(Guid.NewGuid(), false, TenantRole.Secretariat)));
    }

    [Fact]
    public async Task Anonymous_requests_pass_without_a_user() =>
        Assert.Equal(1, await Run(new OpenQuery(), new FakeUser(null), inTenant: false));

    [Fact]
    public async Task A_request_that_declares_nothing_is_refused() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(new UndeclaredQuery(), new FakeUser(Guid.NewGuid(), true, TenantRole.Secretariat)));
}

public class ValidationBehaviourTests
{
    private sealed class NameRequired : AbstractValidator<OpenQuery>
    {
        public NameRequired() => RuleFor(q => q.Name).NotEmpty().WithMessage("名称必填");
    }

    private sealed class NameShort : AbstractValidator<OpenQuery>
    {
        public NameShort() => RuleFor(q => q.Name).MaximumLength(3).WithMessage("名称太长");
    }

    [Fact]
    public async Task Failures_of_every_validator_stop_the_request_before_the_handler()
    {
        var handled = false;
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            new ValidationBehaviour<OpenQuery, int>([new NameRequired(), new NameShort()])
                .Handle(new OpenQuery { Name = "" }, default, () => { handled = true; return Task.FromResult(1); }));
        Assert.False(handled);
        Assert.Equal("名称必填", Assert.Single(ex.Errors).ErrorMessage);

        var both = await Assert.ThrowsAsync<ValidationException>(() =>
            new ValidationBehaviour<OpenQuery, int>([new NameRequired(), new NameShort()]).Handle(new OpenQuery { Name = "太长的名字" }, default, () => Task.FromResult(1)));
        Assert.Equal("名称太长", Assert.Single(both.Errors).ErrorMessage);
    }

    [Fact]
    public async Task A_valid_request_reaches_the_handler() =>
        Assert.Equal(1, await new ValidationBehaviour<OpenQuery, int>([new NameRequired()]).Handle(new OpenQuery { Name = "甲" }, default, () => Task.FromResult(1)));
}

public class AuditAndTransactionTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private Task<List<AuditEntry>> AuditOfAsync(TenantInfo tenant) =>
        f.InTenantAsync(tenant, sp => sp.GetRequiredService<AppDbContext>().Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task A_command_is_audited_with_its_tenant_user_target_outcome_and_ip()
    {
        var tenant = await f.CreateTenantAsync();
        var secretary = await f.CreateUserAsync();
        await f.GrantAsync(tenant, secretary, TenantRole.Secretariat);

        await f.SendAsync(new CommunityFund.Web.Features.Members.InviteModel.Command { Email = "judge@example.org", Role = "Judge" }, secretary, tenant);

        var e = Assert.Single(await AuditOfAsync(tenant));
        Assert.Equal(secretary.Id, e.UserId);
        Assert.Equal(secretary.Email, e.UserEmail);
        Assert.Contains("Members.InviteModel+Command", e.Command);
        Assert.Equal("judge@example.org:Judge", e.Target);
        Assert.Equal(AuditOutcome.Succeeded, e.Outcome);
        Assert.Equal("203.0.113.7", e.IpAddress);
    }

    [Fact]
    public async Task A_command_that_fails_in_its_handler_is_audited_as_failed_and_leaves_nothing_behind()
    {
        var tenant = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await Assert.ThrowsAsync<NotFoundException>(() =>
            f.SendAsync(new CommunityFund.Web.Features.Invitations.AcceptModel.Command { Token = "no-such-token" }, user, tenant));
        var e = Assert.Single(await AuditOfAsync(tenant));
        Assert.Equal(AuditOutcome.Failed, e.Outcome);
        Assert.Equal(nameof(NotFoundException), e.Detail);
    }

    [Fact]
    public async Task Queries_are_not_audited()
    {
        var tenant = await f.CreateTenantAsync();
        var user = await f.CreateUserAsync();
        await f.GrantAsync(tenant, user, TenantRole.Auditor);
        await f.SendAsync(new CommunityFund.Web.Features.Tenants.HomeModel.Query(), user, tenant);
        Assert.Empty(await AuditOfAsync(tenant));
    }

    [Fact]
    public async Task The_transaction_rolls_back_everything_when_the_handler_throws()
    {
        var tenant = await f.CreateTenantAsync();
        var marker = Guid.NewGuid();
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.InTenantAsync(tenant, sp =>
            ActivatorUtilities.CreateInstance<TransactionBehaviour<CommitteeCommand, int>>(sp)
                .Handle(new CommitteeCommand(), default, async () =>
                {
                    var db = sp.GetRequiredService<AppDbContext>();
                    db.Add(new TenantMembership { UserId = marker, Role = TenantRole.Judge });
                    await db.SaveChangesAsync(); // even an explicit save inside the unit is undone
                    throw new InvalidOperationException("half-way");
                })));
        Assert.Equal(0L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{marker}'")));
    }

    [Fact]
    public async Task The_transaction_saves_the_handlers_changes_once_on_success()
    {
        var tenant = await f.CreateTenantAsync();
        var marker = Guid.NewGuid();
        await f.InTenantAsync(tenant, sp =>
            ActivatorUtilities.CreateInstance<TransactionBehaviour<CommitteeCommand, int>>(sp)
                .Handle(new CommitteeCommand(), default, () =>
                {
                    sp.GetRequiredService<AppDbContext>().Add(new TenantMembership { UserId = marker, Role = TenantRole.Judge });
                    return Task.FromResult(1);
                }));
        Assert.Equal(1L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{marker}'")));
    }

    [Fact]
    public async Task A_lock_wait_timeout_retries_the_whole_unit_and_it_takes_effect_once()
    {
        var tenant = await f.CreateTenantAsync();
        var marker = Guid.NewGuid();
        var table = "lock_probe_" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = new MySqlConnection(f.Database.ConnectionString))
        {
            await setup.OpenAsync();
            await new MySqlCommand($"CREATE TABLE {table} (id INT PRIMARY KEY, v INT NOT NULL); INSERT INTO {table} VALUES (1, 0);", setup).ExecuteNonQueryAsync();
        }
        // Another "server" holds the row lock for 2.5 s: the first attempt times out (1205) and must be retried.
        await using var holder = new MySqlConnection(f.Database.ConnectionString);
        await holder.OpenAsync();
        var holding = await holder.BeginTransactionAsync();
        await new MySqlCommand($"SELECT v FROM {table} WHERE id = 1 FOR UPDATE", holder, holding).ExecuteScalarAsync();
        var release = Task.Delay(2500).ContinueWith(_ => holding.Rollback(), TaskScheduler.Default);

        var attempts = 0;
        await f.InTenantAsync(tenant, sp =>
            ActivatorUtilities.CreateInstance<TransactionBehaviour<CommitteeCommand, int>>(sp)
                .Handle(new CommitteeCommand(), default, async () =>
                {
                    attempts++;
                    var db = sp.GetRequiredService<AppDbContext>();
                    db.Add(new TenantMembership { UserId = marker, Role = TenantRole.Judge });
                    await db.Database.ExecuteSqlRawAsync("SET SESSION innodb_lock_wait_timeout = 1");
                    await db.Database.ExecuteSqlRawAsync("UPDATE " + table + " SET v = v + 1 WHERE id = 1");
                    return attempts;
                }));
        await release;

        Assert.True(attempts >= 2, $"expected a retry, saw {attempts} attempt(s)");
        Assert.Equal(1L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT COUNT(*) FROM TenantMemberships WHERE UserId = '{marker}'")));
        Assert.Equal(1L, Convert.ToInt64(await f.Database.ScalarAsync($"SELECT v FROM {table} WHERE id = 1")));
    }
}
