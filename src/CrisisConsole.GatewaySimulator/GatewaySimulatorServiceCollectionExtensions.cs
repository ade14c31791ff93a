using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Meta;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Scheduling;
using CrisisConsole.GatewaySimulator.Storage;
using CrisisConsole.GatewaySimulator.Twilio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator;

public static class GatewaySimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the simulator: its behaviour settings from section "GatewaySimulator" (validated at
    /// start), its background scheduler and callback senders. Credentials come from
    /// <c>IOptions&lt;GatewayOptions&gt;</c>, which the host binds (section "Gateways"), and callbacks go
    /// to <see cref="GatewayEndpoints.PublicBaseUrl"/>. Calling it twice registers once.
    /// </summary>
    public static IServiceCollection AddGatewaySimulator(this IServiceCollection services, Action<SimulatorSettings>? configure = null)
    {
        if (services.Any(d => d.ServiceType == typeof(SimulatorState)))
        {
            return services;
        }

        var options = services.AddOptions<SimulatorSettings>().BindConfiguration(SimulatorSettings.Section).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorSettings>, SimulatorSettingsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayEndpoints>();

        services.AddSingleton<SimulatorSettingsStore>();
        services.AddSingleton<SimulationScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulationScheduler>());
        services.AddSingleton<CallbackQueue>();
        services.AddHostedService<CallbackSender>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<SimulatorCounters>();
        services.AddSingleton<TrafficLog>();
        services.AddSingleton<ConversationWindows>();
        services.AddSingleton<SimulatedRecipients>();
        services.AddSingleton<InboundDispatcher>();
        services.AddSingleton<BulkAnswers>();

        services.AddSingleton<MessageStore<TwilioMessage>>();
        services.AddSingleton<TwilioOptOuts>();
        services.AddSingleton<TwilioSenderQueue>();
        services.AddSingleton<TwilioLifecycle>();
        services.AddSingleton<TwilioSendHandler>();
        services.AddSingleton<TwilioInboundWebhooks>();

        services.AddSingleton<MessageStore<MetaMessage>>();
        services.AddSingleton<MetaThroughputLimiter>();
        services.AddSingleton<MetaLifecycle>();
        services.AddSingleton<MetaSendHandler>();
        services.AddSingleton<MetaInboundWebhooks>();

        services.AddSingleton<SimulatorState>();
        return services;
    }
}
