using System.Collections.Concurrent;
using System.Security.Claims;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityFund.UnitTests.Support;
using CommunityFund.Web.Features.Grants.Approvals;
using CommunityFund.Web.Features.Grants.Approvals.Requests;
using CommunityFund.Web.Infrastructure.Data;
using CommunityFund.Web.Infrastructure.Identity;
using CommunityFund.Web.Infrastructure.Tenancy;

namespace CommunityFund.UnitTests.Features.Grants.ApprovalTests;

/// <summary>Counts the outcome calls per request, and checks each sees the request already decided.</summary>
public sealed class CountingOutcome(ApprovalKind kind) : IApprovalOutcome
{
    public ApprovalKind Kind { get; } = kind;
    public ConcurrentDictionary<Guid, int> Approved { get; } = new();
    public ConcurrentDictionary<Guid, int> Rejected { get; } = new();
    public ConcurrentDictionary<Guid, int> Withdrawn { get; } = new();

    public async Task ApprovedAsync(ApprovalRequest request, CancellationToken ct)
    {
        Assert.Equal(ApprovalStatus.Approved, request.Status);
        await Task.Delay(50, ct); // widen the window a racing second approval would need
        Approved.AddOrUpdate(request.Id, 1, (_, n) => n + 1);
    }

    public Task RejectedAsync(ApprovalRequest request, CancellationToken ct)
    {
        Assert.Equal(ApprovalStatus.Rejected, request.Status);
        Rejected.AddOrUpdate(request.Id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task WithdrawnAsync(ApprovalRequest request, CancellationToken ct)
    {
        Withdrawn.AddOrUpdate(request.Id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>The application with a test outcome registered for grants, over the fixture's database.</summary>
public sealed class OutcomeApp : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    public CountingOutcome Outcome { get; } = new(ApprovalKind.Grant);

    public OutcomeApp(SliceFixture f) =>
        _factory = f.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IApprovalOutcome>(Outcome)));

    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, AppUser user, TenantInfo tenant)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<ITenantContext>().Set(tenant);
        var http = new DefaultHttpContext { RequestServices = sp };
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.Email!), new Claim(ClaimTypes.Email, user.Email!)], "Test"));
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var outer = accessor.HttpContext;
        accessor.HttpContext = http;
        try
        {
            return await sp.GetRequiredService<IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = outer;
        }
    }

    public void Dispose() => _factory.Dispose();
}

/// <summary>The outcome registered for a kind runs once per decided request, inside the deciding vote's transaction.</summary>
public class OutcomeTests(SliceFixture f) : IClassFixture<SliceFixture>
{
    private static async Task<Exception?> Try(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception ex) { return ex; }
    }

    [Fact]
    public async Task Two_simultaneous_final_approvals_fire_the_outcome_exactly_once()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        using var app = new OutcomeApp(f);
        var single = new List<Guid>();   // one approval needed: both votes are "the final one"
        var double_ = new List<Guid>();  // two needed, the chair has given one: both remaining votes are final
        for (var i = 0; i < 4; i++)
        {
            single.Add(await a.RequestAsync(1_000m));
            var id = await a.RequestAsync(20_000m);
            await app.SendAsync(ApprovalWorld.Approve(id), a.Chair, a.Tenant);
            double_.Add(id);
        }

        foreach (var id in single.Concat(double_))
        {
            var results = await Task.WhenAll(
                Try(() => app.SendAsync(ApprovalWorld.Approve(id), a.Committee, a.Tenant)),
                Try(() => app.SendAsync(ApprovalWorld.Approve(id), a.Committee2, a.Tenant)));
            Assert.Single(results, r => r is null);
            var loser = Assert.IsType<ValidationException>(Assert.Single(results, r => r is not null));
            Assert.Matches("不能再审批|有人同时审批", loser.Errors.Single().ErrorMessage);
            Assert.Equal(1, app.Outcome.Approved.GetValueOrDefault(id));
            Assert.Equal(ApprovalStatus.Approved, (await a.LoadAsync(id)).Status);
        }
        foreach (var id in single) Assert.Single(await a.DecisionsAsync(id));
        foreach (var id in double_) Assert.Equal(2, (await a.DecisionsAsync(id)).Count);
        Assert.Empty(app.Outcome.Rejected);
    }

    [Fact]
    public async Task A_rejection_calls_the_rejected_outcome_and_a_non_final_approval_calls_nothing()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        using var app = new OutcomeApp(f);
        var id = await a.RequestAsync(20_000m);

        Assert.Equal(ApprovalStatus.Pending, await app.SendAsync(ApprovalWorld.Approve(id), a.Committee, a.Tenant));
        Assert.Empty(app.Outcome.Approved);
        Assert.Empty(app.Outcome.Rejected);

        Assert.Equal(ApprovalStatus.Rejected, await app.SendAsync(ApprovalWorld.Reject(id, "不符合资助范围"), a.Committee2, a.Tenant));
        Assert.Equal(1, app.Outcome.Rejected.GetValueOrDefault(id));
        Assert.Empty(app.Outcome.Approved);

        var withdrawn = await a.RequestAsync(1_000m);
        await app.SendAsync(new DetailModel.Withdraw { RequestId = withdrawn }, a.Secretary, a.Tenant);
        Assert.Equal(1, app.Outcome.Withdrawn.GetValueOrDefault(withdrawn));
    }

    [Fact]
    public async Task Every_kind_of_money_request_has_its_outcome_registered_once()
    {
        await using var scope = f.Factory.Services.CreateAsyncScope();
        var kinds = scope.ServiceProvider.GetServices<IApprovalOutcome>().Select(o => o.Kind).ToList();
        Assert.Equal(Enum.GetValues<ApprovalKind>().Order(), kinds.Order());
    }

    [Fact]
    public async Task An_outcome_that_fails_undoes_the_deciding_vote()
    {
        var a = await ApprovalWorld.CreateAsync(f);
        var failing = new FailingOutcome();
        using var factory = f.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IApprovalOutcome>(failing)));
        var id = await a.RequestAsync(1_000m);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Same pipeline, through the derived host: set up the scope as SliceFixture does.
            var sp = scope.ServiceProvider;
            sp.GetRequiredService<ITenantContext>().Set(a.Tenant);
            var accessor = sp.GetRequiredService<IHttpContextAccessor>();
            accessor.HttpContext = new DefaultHttpContext
            {
                RequestServices = sp,
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, a.Committee.Id.ToString())], "Test")),
            };
            await Assert.ThrowsAsync<InvalidOperationException>(() => sp.GetRequiredService<IMediator>().Send(ApprovalWorld.Approve(id)));
            accessor.HttpContext = null;
        }
        Assert.Equal(ApprovalStatus.Pending, (await a.LoadAsync(id)).Status);
        Assert.Empty(await a.DecisionsAsync(id));
    }

    private sealed class FailingOutcome : IApprovalOutcome
    {
        public ApprovalKind Kind => ApprovalKind.Grant;
        public Task ApprovedAsync(ApprovalRequest request, CancellationToken ct) => throw new InvalidOperationException("subject refused");
        public Task RejectedAsync(ApprovalRequest request, CancellationToken ct) => Task.CompletedTask;
    }
}
