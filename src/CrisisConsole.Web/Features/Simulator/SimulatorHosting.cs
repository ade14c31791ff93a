using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator;
using CrisisConsole.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrisisConsole.Web.Features.Simulator;

/// <summary>
/// Serves the gateway simulator inside the console when Gateways:Mode is Simulator (the default), at
/// /simulator. The provider APIs are anonymous to the app's auth (they check Twilio's Basic and Meta's
/// Bearer credentials themselves); the admin API and page need the Admin role.
/// </summary>
public static class SimulatorHosting
{
    public const string AdminPolicy = "GatewaySimulatorAdmin";

    public static void AddGatewaySimulatorWhenSimulated(this IHostApplicationBuilder builder)
    {
        if (!IsSimulated(builder.Configuration))
        {
            return;
        }

        // The gateway clients register the same; binding twice is harmless, and FillMissing only fills gaps.
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        builder.Services.PostConfigure<GatewayOptions>(SimulatorCredentials.FillMissing);
        builder.Services.TryAddSingleton<GatewayEndpoints>();

        builder.Services.AddGatewaySimulator();
        builder.Services.AddHostedService<SimulatorAddressBinding>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
    }

    public static void MapGatewaySimulatorWhenSimulated(this IEndpointRouteBuilder endpoints)
    {
        if (!IsSimulated(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            return;
        }

        var routes = endpoints.MapGatewaySimulator(SimulatorCredentials.SimulatorPathPrefix);
        routes.ProviderApis.AllowAnonymous().DisableAntiforgery();
        routes.Admin.RequireAuthorization(AdminPolicy).DisableAntiforgery();
    }

    /// <summary>Simulator unless Mode says Live; a misspelt mode is left to the gateway options validation to report.</summary>
    internal static bool IsSimulated(IConfiguration configuration)
    {
        var mode = configuration[GatewayOptions.Section + ":Mode"];
        return string.IsNullOrWhiteSpace(mode) ||
               (Enum.TryParse<GatewayMode>(mode, ignoreCase: true, out var parsed) && parsed == GatewayMode.Simulator);
    }
}
