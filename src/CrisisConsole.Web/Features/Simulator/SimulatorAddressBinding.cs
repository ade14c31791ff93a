using CrisisConsole.Gateways.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Simulator;

/// <summary>
/// The in-app simulator is reached at the app's own address, known only once the server listens
/// (tests use port 0). After start-up, points the clients and the callbacks there, unless configured.
/// </summary>
internal sealed partial class SimulatorAddressBinding(
    IServer server,
    GatewayEndpoints endpoints,
    IOptions<GatewayOptions> options,
    ILogger<SimulatorAddressBinding> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = Pick(addresses);
        if (address is null)
        {
            // In-memory test servers have no address; their tests configure the URLs themselves.
            NoAddress(logger);
            return Task.CompletedTask;
        }

        endpoints.UseListeningAddress(address, options.Value);
        Bound(logger, endpoints.TwilioBaseUrl, endpoints.MetaBaseUrl, endpoints.PublicBaseUrl ?? "(none)");
        return Task.CompletedTask;
    }

    /// <summary>Plain HTTP first (no certificate to trust when calling ourselves), and a wildcard host made concrete.</summary>
    internal static string? Pick(ICollection<string> addresses)
    {
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
        {
            var at = chosen.IndexOf(wildcard, StringComparison.Ordinal);
            if (at >= 0)
            {
                return chosen[..at] + "://localhost" + chosen[(at + wildcard.Length)..];
            }
        }

        return chosen.TrimEnd('/');
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 7500, Level = LogLevel.Information,
        Message = "Gateway simulator in the app: Twilio at {TwilioBaseUrl}, Meta at {MetaBaseUrl}, callbacks to {PublicBaseUrl}")]
    private static partial void Bound(ILogger logger, string twilioBaseUrl, string metaBaseUrl, string publicBaseUrl);

    [LoggerMessage(EventId = 7501, Level = LogLevel.Debug, Message = "The server reports no listening address; simulator URLs stay as configured")]
    private static partial void NoAddress(ILogger logger);
}
