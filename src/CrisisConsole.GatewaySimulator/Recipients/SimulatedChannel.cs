namespace CrisisConsole.GatewaySimulator.Recipients;

public enum SimulatedChannel
{
    /// <summary>SMS through Twilio.</summary>
    Sms,

    /// <summary>WhatsApp through Twilio (whatsapp: addresses).</summary>
    TwilioWhatsApp,

    /// <summary>WhatsApp through Meta's Cloud API.</summary>
    Meta,
}
