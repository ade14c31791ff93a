using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Web.Features.Dispatch;

public static class DispatchRegistration
{
    /// <summary>
    /// The messaging service (a hosted service, unless Dispatch:Enabled is false), its parts, the SMS
    /// fallback observer, the broadcast controls and the "messaging" health check. Options are bound by
    /// <see cref="DispatchOptionsRegistration.AddDispatchOptions"/>.
    /// </summary>
    public static void AddDispatch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MessagingServiceStatus>();
        services.AddHealthChecks().AddCheck<MessagingHealthCheck>("messaging");

        services.AddSingleton<BroadcastControlService>();
        services.AddSingleton<SmsFallbackScheduler>();
        services.AddSingleton<IDeliveryStatusObserver>(provider => provider.GetRequiredService<SmsFallbackScheduler>());
        services.AddSingleton<SenderRateLimiters>();
        services.AddSingleton<WhatsAppReachLedger>();
        services.AddSingleton<BroadcastPlans>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliveryOutcomeWriter>();
        services.AddSingleton<DeliveryClaimer>();
        services.AddSingleton<DeliveryReconciler>();

        if (builder.Configuration.GetValue($"{DispatchOptions.Section}:{nameof(DispatchOptions.Enabled)}", true))
        {
            services.AddSingleton<MessageDispatcher>();
            services.AddHostedService(provider => provider.GetRequiredService<MessageDispatcher>());
        }
    }
}
