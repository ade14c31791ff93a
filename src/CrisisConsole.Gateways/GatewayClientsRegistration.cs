using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;
using CrisisConsole.Gateways.Twilio;
using CrisisConsole.Gateways.WhatsAppCloud;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrisisConsole.Gateways;

public static class GatewayClientsRegistration
{
    /// <summary>Generous, since a request that times out becomes an unknown outcome to reconcile.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The three typed clients, each also registered as <see cref="IMessageGateway"/>. Options
    /// (<see cref="GatewayOptions"/>, <see cref="SendRetryOptions"/>) are bound by the host.
    /// </summary>
    public static IServiceCollection AddGatewayClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayEndpoints>();
        services.TryAddSingleton<IRetryDelay, TimeProviderRetryDelay>();
        services.TryAddSingleton<SendRetryPolicy>();
        services.AddOptions<SendRetryOptions>();

        Configure(services.AddHttpClient<TwilioSmsGateway>());
        Configure(services.AddHttpClient<TwilioWhatsAppGateway>());
        Configure(services.AddHttpClient<MetaWhatsAppGateway>());
        services.AddTransient<IMessageGateway>(provider => provider.GetRequiredService<TwilioSmsGateway>());
        services.AddTransient<IMessageGateway>(provider => provider.GetRequiredService<TwilioWhatsAppGateway>());
        services.AddTransient<IMessageGateway>(provider => provider.GetRequiredService<MetaWhatsAppGateway>());
        // Reconciliation of sends whose outcome is unknown (the messaging service, after a crash or a time-out).
        Configure(services.AddHttpClient<TwilioMessageLookup>());
        return services;
    }

    private static void Configure(IHttpClientBuilder client) => client
        .ConfigureHttpClient(http => http.Timeout = RequestTimeout)
        // The pooled handler refreshes DNS itself, so the factory need not rotate handlers.
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        // The factory's per-request log handlers cost a scope and several log calls per message on the
        // dispatch hot path (thousands a second); the clients report what matters through their results.
        .RemoveAllLoggers()
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // Twilio's SDKs do not follow redirects; a redirected POST could send twice.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 512,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
}
