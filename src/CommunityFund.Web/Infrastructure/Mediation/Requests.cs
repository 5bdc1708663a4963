namespace CommunityFund.Web.Infrastructure.Mediation;

/// <summary>A command that changes one tenant's data: audited, and run in one transaction on the tenant's database.</summary>
public interface ICommand<TResult> : IRequest<TResult>, ITenantCommand;

/// <summary>A command that changes platform data (tenants, accounts): audited, and run in one transaction on the catalog.</summary>
public interface IPlatformCommand<TResult> : IRequest<TResult>, IPlatformCommand;

public interface ITenantCommand;
public interface IPlatformCommand;

/// <summary>A command may name what it acts on, for the audit log.</summary>
public interface IHasAuditTarget
{
    string? AuditTarget { get; }
}

/// <summary>The request needs one of these roles in the current tenant (no roles listed: any membership).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresTenantRoleAttribute(params TenantRole[] roles) : Attribute
{
    public IReadOnlyList<TenantRole> Roles { get; } = roles;
}

[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPlatformAdminAttribute : Attribute;

/// <summary>Anyone may send this request (sign-in, registration). Still validated and audited.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AllowAnonymousRequestAttribute : Attribute;

/// <summary>Any signed-in account may send this request, member of the tenant or not (e.g. accepting an invitation).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresSignedInUserAttribute : Attribute;

/// <summary>The acting user may not do this. Rendered as a 403 page.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>What the user asked for does not exist in this tenant. Rendered as a 404 page.</summary>
public sealed class NotFoundException(string message) : Exception(message);
