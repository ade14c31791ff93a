using CrisisConsole.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CrisisConsole.Web.Features.Health;

public static class HealthRegistration
{
    public const string Path = "/healthz";

    public static void AddHealth(this IHostApplicationBuilder builder)
    {
        // Later features (the messaging service) add their own checks to this builder.
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
    }

    /// <summary>
    /// Anonymous on purpose: load balancers and monitors probe it without credentials. It reveals
    /// only Healthy or Unhealthy.
    /// </summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks(Path, new HealthCheckOptions()).AllowAnonymous().DisableHttpMetrics();
}
