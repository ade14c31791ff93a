using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>
/// A message a (simulated) person sends to the business: text, a quick-reply press, or a location.
/// Also the body of the admin call that makes someone send a message.
/// </summary>
public sealed record InboundMessage
{
    public string? Text { get; init; }

    /// <summary>The id (Meta) or payload (Twilio) of the pressed quick-reply button.</summary>
    public string? ButtonId { get; init; }

    public string? ButtonText { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationName { get; init; }

    /// <summary>The provider id (SM... or wamid...) of the business message this answers.</summary>
    public string? ReplyTo { get; init; }

    public bool IsButton => ButtonId is not null || ButtonText is not null;

    public bool IsLocation => Latitude is not null && Longitude is not null;
}

internal enum ButtonStyle
{
    None,

    /// <summary>Twilio quick replies (from a Content template): answered with ButtonPayload/ButtonText.</summary>
    TwilioQuickReply,

    /// <summary>Meta interactive reply buttons: answered with interactive.button_reply.</summary>
    MetaInteractive,

    /// <summary>Meta template quick replies: answered with a "button" message.</summary>
    MetaTemplate,
}

/// <summary>A business message as the recipient's phone shows it, once delivered.</summary>
internal sealed record DeliveredMessage(
    SimulatedChannel Channel,
    string Recipient,
    string MessageId,
    string? Text,
    IReadOnlyList<QuickReplyButton> Buttons,
    ButtonStyle ButtonStyle);
