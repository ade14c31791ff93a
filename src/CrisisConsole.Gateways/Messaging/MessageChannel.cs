namespace CrisisConsole.Gateways.Messaging;

public enum MessageChannel
{
    Sms,
    WhatsApp,
}

/// <summary>Who carries a message: Twilio over SMS, Twilio over WhatsApp, or Meta's WhatsApp Cloud API.</summary>
public enum GatewayProvider
{
    TwilioSms,
    TwilioWhatsApp,
    MetaWhatsApp,
}

public static class GatewayProviders
{
    public static MessageChannel ChannelOf(GatewayProvider provider) =>
        provider == GatewayProvider.TwilioSms ? MessageChannel.Sms : MessageChannel.WhatsApp;

    public static bool IsTwilio(GatewayProvider provider) => provider != GatewayProvider.MetaWhatsApp;
}
