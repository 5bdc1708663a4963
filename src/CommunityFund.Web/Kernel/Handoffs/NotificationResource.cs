namespace CommunityFund.Web.Kernel.Handoffs;

/// <summary>
/// Anchor type for the inbox, notification e-mail and time-limit strings in
/// Resources/Kernel.Handoffs.NotificationResource(.en).resx. The neutral file is zh-CN.
/// </summary>
public sealed class NotificationResource;
