using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>Body of POST {prefix}/admin/recipients/{phone}/messages: the person sends this on that channel.</summary>
public sealed record SimulateInboundRequest
{
    public SimulatedChannel Channel { get; init; } = SimulatedChannel.Sms;

    public string? Text { get; init; }

    public string? ButtonId { get; init; }

    public string? ButtonText { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationName { get; init; }

    /// <summary>SM… or wamid… of the business message this answers.</summary>
    public string? ReplyTo { get; init; }

    public InboundMessage ToMessage() => new()
    {
        Text = Text,
        ButtonId = ButtonId,
        ButtonText = ButtonText,
        Latitude = Latitude,
        Longitude = Longitude,
        LocationName = LocationName,
        ReplyTo = ReplyTo,
    };
}

/// <summary>Body of POST {prefix}/admin/recipients/{phone}/window (all optional).</summary>
public sealed record OpenWindowRequest
{
    /// <summary>Twilio WhatsApp, Meta, or null for both.</summary>
    public SimulatedChannel? Channel { get; init; }

    /// <summary>When the person last wrote; now by default. Use a time over 24 h ago to make a window that has just closed.</summary>
    public DateTimeOffset? LastInboundAt { get; init; }
}

/// <summary>Body of POST {prefix}/admin/recipients/{phone}/stop (optional).</summary>
public sealed record StopRequest
{
    public SimulatedChannel Channel { get; init; } = SimulatedChannel.Sms;
}
