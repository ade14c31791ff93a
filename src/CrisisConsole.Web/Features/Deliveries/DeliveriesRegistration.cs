namespace CrisisConsole.Web.Features.Deliveries;

public static class DeliveriesRegistration
{
    public static void AddDeliveries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryWriteGate>();
        builder.Services.AddSingleton<DeliveryStatusTracker>();
        builder.Services.AddSingleton<IDeliveryStatusObserver, LiveDeliveryStatusPublisher>();
    }
}
