using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Retries;
using CrisisConsole.Gateways.Twilio;
using CrisisConsole.Gateways.WhatsAppCloud;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Gateways;

/// <summary>Builds the real clients pointed at a <see cref="FakeProviderServer"/>, with waits recorded instead of slept.</summary>
internal static class GatewayClientFixture
{
    public const string AccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string AuthToken = "test-auth-token";
    public const string PublicBaseUrl = "https://console.example.test";
    public const string PhoneNumberId = "106540352242922";
    public const string AccessToken = "EAAGtest";

    public static GatewayOptions Options(string baseUrl) => new()
    {
        Mode = GatewayMode.Live,
        PublicBaseUrl = PublicBaseUrl,
        Twilio = new TwilioOptions
        {
            AccountSid = AccountSid,
            AuthToken = AuthToken,
            BaseUrl = baseUrl,
            SmsFrom = "+15005550006",
            WhatsAppFrom = "+14155238886",
        },
        WhatsAppCloud = new WhatsAppCloudOptions
        {
            PhoneNumberId = PhoneNumberId,
            AccessToken = AccessToken,
            BaseUrl = baseUrl,
            ApiVersion = "v21.0",
        },
    };

    public static SendRetryPolicy Retries(RecordingDelay delay) =>
        new(Microsoft.Extensions.Options.Options.Create(new SendRetryOptions()), delay) { Jitter = () => 0.5 };

    public static TwilioSmsGateway TwilioSms(string baseUrl, RecordingDelay delay, GatewayOptions? options = null, TimeSpan? timeout = null)
    {
        var settings = Microsoft.Extensions.Options.Options.Create(options ?? Options(baseUrl));
        return new TwilioSmsGateway(Client(timeout), new GatewayEndpoints(settings), settings, Retries(delay), TimeProvider.System);
    }

    public static TwilioWhatsAppGateway TwilioWhatsApp(string baseUrl, RecordingDelay delay)
    {
        var settings = Microsoft.Extensions.Options.Options.Create(Options(baseUrl));
        return new TwilioWhatsAppGateway(Client(null), new GatewayEndpoints(settings), settings, Retries(delay), TimeProvider.System);
    }

    public static MetaWhatsAppGateway Meta(string baseUrl, RecordingDelay delay)
    {
        var settings = Microsoft.Extensions.Options.Options.Create(Options(baseUrl));
        return new MetaWhatsAppGateway(Client(null), new GatewayEndpoints(settings), settings, Retries(delay), TimeProvider.System);
    }

    private static HttpClient Client(TimeSpan? timeout) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
}
