using System.Diagnostics;
using CommunityFund.Web.Infrastructure.Audit;

namespace CommunityFund.Web.Infrastructure.Mediation;

public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, ITenantContext tenant)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = RequestName.Of(typeof(TRequest));
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await next();
            logger.LogInformation("Handled {Request} for tenant {Tenant} in {ElapsedMs} ms", name, tenant.Current?.Identifier, watch.ElapsedMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is ValidationException or ForbiddenException or NotFoundException)
        {
            logger.LogInformation("Refused {Request} for tenant {Tenant}: {Reason}", name, tenant.Current?.Identifier, ex.GetType().Name);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Failed {Request} for tenant {Tenant} after {ElapsedMs} ms", name, tenant.Current?.Identifier, watch.ElapsedMilliseconds);
            throw;
        }
    }
}

/// <summary>Every request declares who may send it; a request that declares nothing is refused outright.</summary>
public sealed class AuthorizationBehaviour<TRequest, TResponse>(ICurrentUser user, ITenantContext tenant)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var type = typeof(TRequest);
        if (Attribute.IsDefined(type, typeof(AllowAnonymousRequestAttribute)))
            return await next();
        if (user.UserId is null)
            throw new ForbiddenException("Sign in first.");
        if (Attribute.IsDefined(type, typeof(RequiresSignedInUserAttribute)))
            return await next();
        if (Attribute.IsDefined(type, typeof(RequiresPlatformAdminAttribute)))
        {
            if (!await user.IsPlatformAdminAsync(cancellationToken)) throw new ForbiddenException("Platform administrators only.");
            return await next();
        }
        if (Attribute.GetCustomAttribute(type, typeof(RequiresTenantRoleAttribute)) is RequiresTenantRoleAttribute needs)
        {
            if (tenant.Current is null) throw new ForbiddenException("This request needs a tenant.");
            var held = await user.GetTenantRolesAsync(cancellationToken);
            var ok = needs.Roles.Count == 0 ? held.Count > 0 : needs.Roles.Any(held.Contains);
            if (!ok) throw new ForbiddenException($"Needs role {string.Join(" or ", needs.Roles)}.");
            return await next();
        }
        throw new InvalidOperationException($"{type.FullName} declares no authorization requirement.");
    }
}

/// <summary>Runs every FluentValidation validator of the request; any failure stops it before it touches data.</summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0) throw new ValidationException(failures);
        return await next();
    }
}

/// <summary>Writes one audit event per command with its outcome, outside the command's transaction so failures are recorded too.</summary>
public sealed class AuditBehaviour<TRequest, TResponse>(IAuditLog audit) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not (ITenantCommand or IPlatformCommand)) return await next();
        try
        {
            var response = await next();
            await audit.RecordAsync(RequestName.Of(typeof(TRequest)), Target(request, response), AuditOutcome.Succeeded, null, cancellationToken);
            return response;
        }
        catch (Exception ex)
        {
            var outcome = ex is ValidationException ? AuditOutcome.Rejected : ex is ForbiddenException ? AuditOutcome.Forbidden : AuditOutcome.Failed;
            await audit.RecordAsync(RequestName.Of(typeof(TRequest)), Target(request, default), outcome, ex.GetType().Name, CancellationToken.None);
            throw;
        }
    }

    private static string? Target(TRequest request, TResponse? response) =>
        (request as IHasAuditTarget)?.AuditTarget ?? response switch
        {
            Guid g => g.ToString(),
            string s => s,
            int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
}

/// <summary>
/// One database transaction per command, inside the execution strategy so a transient failure (deadlock, lock wait)
/// retries the whole unit. Handlers do not call SaveChanges; this behaviour does, once, before commit (tenant data
/// through <see cref="UnitOfWork"/>, which turns a lost concurrency race into a refusal).
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(AppDbContext app, CatalogDbContext catalog, UnitOfWork unitOfWork)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        DbContext? db = request switch
        {
            ITenantCommand => app,
            IPlatformCommand => catalog,
            _ => null,
        };
        if (db is null || db.Database.CurrentTransaction is not null) return await next();
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear(); // a retry starts from a clean unit of work
                unitOfWork.Reset();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var response = await next();
                if (db == app) await unitOfWork.FlushAsync(ct); // a lost optimistic-concurrency race becomes a refusal
                else await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return response;
            }, cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear(); // nothing half-done survives into a later SaveChanges
            throw;
        }
    }
}

internal static class RequestName
{
    /// <summary>"Features.Admin.Tenants.Create+Command" reads better than the full type name.</summary>
    public static string Of(Type t) => (t.FullName ?? t.Name).Replace("CommunityFund.Web.", "", StringComparison.Ordinal);
}
