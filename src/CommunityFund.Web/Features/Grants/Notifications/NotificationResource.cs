namespace CommunityFund.Web.Features.Grants.Notifications;

/// <summary>
/// Anchor type for the inbox, notification e-mail and time-limit strings in
/// Resources/Features.Grants.Notifications.NotificationResource(.en).resx. The neutral file is zh-CN.
/// </summary>
public sealed class NotificationResource;
