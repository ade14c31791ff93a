using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Configuration;

/// <summary>
/// Where the clients send and where the providers call back. In Live mode these come straight from
/// configuration. In Simulator mode the in-app simulator is served by the app itself, whose address is
/// known only once the server has started (tests listen on port 0), so the simulator hosting calls
/// <see cref="UseListeningAddress"/> at start-up. Clients read these on every send.
/// </summary>
public sealed class GatewayEndpoints
{
    private const string NotYetListening = "http://127.0.0.1:9" + SimulatorCredentials.SimulatorPathPrefix;

    private volatile string twilioBaseUrl;
    private volatile string metaBaseUrl;
    private volatile string? publicBaseUrl;

    public GatewayEndpoints(IOptions<GatewayOptions> options)
    {
        var value = options.Value;
        // In Simulator mode nothing may reach the real providers, not even before the server has
        // started (or never does, as under an in-memory test server): until then the clients point at
        // a closed loopback port and fail fast.
        var simulated = value.Mode == GatewayMode.Simulator;
        twilioBaseUrl = Trim(value.Twilio.BaseUrl) ?? (simulated ? NotYetListening + "/twilio" : TwilioOptions.LiveBaseUrl);
        metaBaseUrl = Trim(value.WhatsAppCloud.BaseUrl) ?? (simulated ? NotYetListening + "/meta" : WhatsAppCloudOptions.LiveBaseUrl);
        publicBaseUrl = Trim(value.PublicBaseUrl);
    }

    public string TwilioBaseUrl => twilioBaseUrl;

    public string MetaBaseUrl => metaBaseUrl;

    /// <summary>Null until known (Simulator mode before the server has started).</summary>
    public string? PublicBaseUrl => publicBaseUrl;

    /// <summary>Points both clients at the simulator mounted at {appAddress}/simulator, unless configured otherwise.</summary>
    public void UseListeningAddress(string appAddress, GatewayOptions options)
    {
        var app = appAddress.TrimEnd('/');
        twilioBaseUrl = Trim(options.Twilio.BaseUrl) ?? app + SimulatorCredentials.SimulatorPathPrefix + "/twilio";
        metaBaseUrl = Trim(options.WhatsAppCloud.BaseUrl) ?? app + SimulatorCredentials.SimulatorPathPrefix + "/meta";
        publicBaseUrl = Trim(options.PublicBaseUrl) ?? app;
    }

    private static string? Trim(string? url) => string.IsNullOrWhiteSpace(url) ? null : url.Trim().TrimEnd('/');
}
