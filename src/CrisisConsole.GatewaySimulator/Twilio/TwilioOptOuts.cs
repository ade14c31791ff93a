using System.Collections.Concurrent;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// Twilio's opt-out list: a single-word STOP blocks (recipient, sender), and the Messaging Service too
/// when one is configured; START lifts it. Addresses keep their channel prefix, so an SMS STOP does not
/// block WhatsApp.
/// </summary>
internal sealed class TwilioOptOuts
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    private static readonly HashSet<string> StartWords = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };
    private static readonly HashSet<string> HelpWords = new(StringComparer.OrdinalIgnoreCase) { "HELP", "INFO" };

    private readonly ConcurrentDictionary<(string Recipient, string Sender), byte> blocked = new();

    public static OptOutKeyword Classify(string? body)
    {
        var word = body?.Trim() ?? "";
        return StopWords.Contains(word) ? OptOutKeyword.Stop
            : StartWords.Contains(word) ? OptOutKeyword.Start
            : HelpWords.Contains(word) ? OptOutKeyword.Help
            : OptOutKeyword.None;
    }

    public void Block(string recipientAddress, string senderOrService) => blocked[(recipientAddress, senderOrService)] = 0;

    public void Unblock(string recipientAddress, string senderOrService) => blocked.TryRemove((recipientAddress, senderOrService), out _);

    public bool IsBlocked(string recipientAddress, string sender, string? service) =>
        blocked.ContainsKey((recipientAddress, sender)) || (service is not null && blocked.ContainsKey((recipientAddress, service)));

    public IReadOnlyList<string> BlockedSenders(string recipient) =>
        [.. blocked.Keys.Where(k => TwilioAddress.StripChannel(k.Recipient) == recipient).Select(k => k.Sender)];

    public void Clear() => blocked.Clear();
}

internal enum OptOutKeyword
{
    None,
    Stop,
    Start,
    Help,
}
