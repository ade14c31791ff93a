namespace CrisisConsole.Web.Features.Metrics;

public static class MetricsRegistration
{
    public static void AddMetrics(this IHostApplicationBuilder builder) => builder.Services.AddSingleton<MetricsQueries>();
}
