namespace CommunityFund.Web.Kernel.Approvals;

/// <summary>
/// Anchor type for the approval, committee-conflict and grant-settings strings in
/// Resources/Kernel.Approvals.GrantsApprovalResource(.en).resx. The neutral file is zh-CN.
/// </summary>
public sealed class GrantsApprovalResource;
