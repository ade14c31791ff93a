namespace CrisisConsole.Gateways.Webhooks;

/// <summary>The app's webhook routes, shared by the clients (status callback URLs) and the simulator.</summary>
public static class WebhookPaths
{
    public const string TwilioStatus = "/webhooks/twilio/status";
    public const string TwilioInbound = "/webhooks/twilio/inbound";
    public const string WhatsAppCloud = "/webhooks/whatsapp";

    /// <summary>The query parameter of a Twilio status callback URL that carries our delivery id.</summary>
    public const string DeliveryQueryParameter = "delivery";
}
