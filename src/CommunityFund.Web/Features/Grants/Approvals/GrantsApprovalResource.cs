namespace CommunityFund.Web.Features.Grants;

/// <summary>
/// Anchor type for the approval, committee-conflict and grant-settings strings in
/// Resources/Features.Grants.GrantsApprovalResource(.en).resx. The neutral file is zh-CN.
/// </summary>
public sealed class GrantsApprovalResource;
