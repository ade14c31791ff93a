using System.Collections.Concurrent;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>
/// WhatsApp's 24-hour customer-service window: the last inbound message per (business sender,
/// recipient). Only a message from the recipient opens or refreshes it; the business's own messages never do.
/// </summary>
internal sealed class ConversationWindows(TimeProvider time)
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<(string Sender, string Recipient), DateTimeOffset> lastInbound = new();

    /// <summary>Sender key of a Twilio WhatsApp number (E.164, without the whatsapp: prefix).</summary>
    public static string TwilioSender(string e164) => "twilio:" + e164;

    /// <summary>Sender key of a Meta phone number id.</summary>
    public static string MetaSender(string phoneNumberId) => "meta:" + phoneNumberId;

    public void RecordInbound(string sender, string recipient, DateTimeOffset? at = null) =>
        lastInbound[(sender, recipient)] = at ?? time.GetUtcNow();

    public bool IsOpen(string sender, string recipient) =>
        lastInbound.TryGetValue((sender, recipient), out var at) && time.GetUtcNow() - at < Length;

    public DateTimeOffset? LastInbound(string sender, string recipient) =>
        lastInbound.TryGetValue((sender, recipient), out var at) ? at : null;

    public void Close(string recipient)
    {
        foreach (var key in lastInbound.Keys.Where(k => k.Recipient == recipient))
        {
            lastInbound.TryRemove(key, out _);
        }
    }

    public void Clear() => lastInbound.Clear();
}
