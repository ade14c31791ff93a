namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// WhatsApp's customer-service window: free text may be sent only within 24 hours of the person's last
/// message to us; outside it, only an approved template. One place for the rule, so the reply box, the
/// outbox and the automatic replies agree.
/// </summary>
public static class WhatsAppWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    public static bool IsOpen(DateTimeOffset? lastInboundWhatsAppAt, DateTimeOffset now) =>
        lastInboundWhatsAppAt is { } last && now < last + Length;

    public static DateTimeOffset? ClosesAt(DateTimeOffset? lastInboundWhatsAppAt) => lastInboundWhatsAppAt + Length;
}
