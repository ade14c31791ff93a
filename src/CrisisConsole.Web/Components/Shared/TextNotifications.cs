using System.Net;
using Radzen;

namespace CrisisConsole.Web.Components.Shared;

public static class TextNotifications
{
    /// <summary>
    /// Radzen renders a notification's summary and detail as HTML. Messages here often carry names
    /// typed by users (a display name, a key name), so they are encoded and shown as plain text.
    /// </summary>
    public static void NotifyText(this NotificationService notifications, NotificationSeverity severity, string summary, string detail, TimeSpan? duration = null) =>
        notifications.Notify(new NotificationMessage
        {
            Severity = severity,
            Summary = WebUtility.HtmlEncode(summary),
            Detail = WebUtility.HtmlEncode(detail),
            Duration = (duration ?? TimeSpan.FromSeconds(severity == NotificationSeverity.Error ? 10 : 6)).TotalMilliseconds,
        });
}
