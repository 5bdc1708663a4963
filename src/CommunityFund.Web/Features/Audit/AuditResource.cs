namespace CommunityFund.Web.Features.Audit;

/// <summary>The audit pages' texts (Resources/Features.Audit.AuditResource*.resx).</summary>
public sealed class AuditResource;
