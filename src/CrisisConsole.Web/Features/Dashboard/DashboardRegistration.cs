using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Web.Features.Dashboard;

public static class DashboardRegistration
{
    public static void AddBroadcastDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IDeliveryStatusObserver, BroadcastStatusCountObserver>();
        builder.Services.AddSingleton<BroadcastProgressQueries>();
        builder.Services.AddSingleton<BroadcastDetailQueries>();
    }
}
