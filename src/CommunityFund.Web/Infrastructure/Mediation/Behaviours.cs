using System.Diagnostics;
using CommunityFund.Web.Infrastructure.Audit;

namespace CommunityFund.Web.Infrastructure.Mediation;

public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, ITenantContext tenant)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = AuditRecord.Name(typeof(TRequest));
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

/// <summary>
/// Records every command that does not succeed — refused by its role check, its validators or a business rule, or
/// failed — each in a transaction of its own after the command's has rolled back. It runs outside the authorization
/// check so a refusal by role is recorded too. Succeeded commands are recorded by <see cref="TransactionBehaviour{TRequest,TResponse}"/>
/// inside the command's own transaction, so a command and its record commit together or not at all.
/// </summary>
public sealed class AuditBehaviour<TRequest, TResponse>(AuditTrail trail, IAuditLog platformLog, ITenantContext tenant, AppDbContext app,
    ILogger<AuditBehaviour<TRequest, TResponse>> logger) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not (ITenantCommand or IPlatformCommand)) return await next();
        try
        {
            return await next();
        }
        catch (Exception ex)
        {
            var record = AuditRecord.Refused(typeof(TRequest), request, ex);
            try
            {
                if (request is not ITenantCommand || tenant.Current is null)
                    await platformLog.RecordAsync(record, CancellationToken.None);
                else if (app.Database.CurrentTransaction is not null)
                    await trail.AppendAsync(app, record, CancellationToken.None); // sent from inside another command: its record goes with it
                else
                    await trail.RecordAsync(record, CancellationToken.None);
            }
            catch (Exception auditFailure)
            {
                logger.LogError(auditFailure, "Could not record the refusal of {Request}", record.Command);
            }
            throw;
        }
    }
}

/// <summary>
/// One database transaction per command, inside the execution strategy so a transient failure (deadlock, lock wait)
/// retries the whole unit. Handlers do not call SaveChanges; this behaviour does, once, before commit (tenant data
/// through <see cref="UnitOfWork"/>, which turns a lost concurrency race into a refusal), then appends the command's
/// audit record to the chain in the same transaction.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(AppDbContext app, CatalogDbContext catalog, UnitOfWork unitOfWork,
    AuditTrail trail, IAuditLog platformLog, ITenantContext tenant)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        DbContext? db = request switch
        {
            ITenantCommand when tenant.Current is not null => app,
            ITenantCommand or IPlatformCommand => catalog,
            _ => null,
        };
        if (db is null) return await next();
        if (db.Database.CurrentTransaction is not null)
        {
            // Sent from inside another command: its changes and its record join that command's transaction.
            var inner = await next();
            await RecordAsync(db, request, inner, cancellationToken);
            return inner;
        }
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
                await RecordAsync(db, request, response, ct);
                if (db != app) await db.SaveChangesAsync(ct);
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

    private Task RecordAsync(DbContext db, TRequest request, TResponse response, CancellationToken ct)
    {
        var record = new AuditRecord(AuditRecord.Name(typeof(TRequest)), AuditRecord.TargetOf(request!, response), AuditOutcome.Succeeded, null);
        if (db == app) return trail.AppendAsync(app, record, ct);
        catalog.AuditEvents.Add(platformLog.Create(record));
        return Task.CompletedTask;
    }
}
