namespace CrisisConsole.Gateways.Configuration;

public enum GatewayMode
{
    /// <summary>The clients call the built-in simulator over HTTP (the default; no account needed).</summary>
    Simulator,

    /// <summary>The clients call api.twilio.com and graph.facebook.com with real credentials.</summary>
    Live,
}

/// <summary>Section "Gateways". Secrets come from the environment or user-secrets, never committed files.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateways";

    public GatewayMode Mode { get; set; } = GatewayMode.Simulator;

    /// <summary>
    /// The URL the providers call back (e.g. https://console.example.org). Webhook signatures are checked
    /// against it, not against the internal URL behind a proxy. In Simulator mode it defaults to the
    /// address the app listens on.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public TwilioOptions Twilio { get; set; } = new();

    public WhatsAppCloudOptions WhatsAppCloud { get; set; } = new();
}

public sealed class TwilioOptions
{
    public const string LiveBaseUrl = "https://api.twilio.com";

    /// <summary>"AC" + 32 hex characters.</summary>
    public string? AccountSid { get; set; }

    /// <summary>Signs webhooks and authenticates REST calls (with the AccountSid). Secret.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Base of the REST API; empty means the live host (or the simulator in Simulator mode).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sender for SMS, E.164.</summary>
    public string? SmsFrom { get; set; }

    /// <summary>Sender for WhatsApp through Twilio, E.164 (the client adds the whatsapp: prefix).</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Optional "MG..." Messaging Service; when set, Twilio picks the sender.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Status callback URL; empty means {PublicBaseUrl}/webhooks/twilio/status.</summary>
    public string? StatusCallbackUrl { get; set; }
}

public sealed class WhatsAppCloudOptions
{
    public const string LiveBaseUrl = "https://graph.facebook.com";

    /// <summary>Meta's numeric id of the business phone number (not the number itself).</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>System-user access token. Secret.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Signs the webhooks (X-Hub-Signature-256). Secret.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Echoed by Meta's GET verification handshake. Secret.</summary>
    public string? VerifyToken { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>Graph API version, e.g. "v21.0".</summary>
    public string ApiVersion { get; set; } = "v21.0";
}
