using CrisisConsole.Gateways;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Retries;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Gateways;

public static class GatewaysRegistration
{
    /// <summary>
    /// Section "Gateways" (validated at start-up, naming any missing key), the generated secrets of
    /// Simulator mode, <see cref="GatewayEndpoints"/> and the three typed clients as IMessageGateway.
    /// </summary>
    public static void AddGateways(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .PostConfigure(SimulatorCredentials.FillMissing)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

        builder.Services.AddOptions<SendRetryOptions>()
            .BindConfiguration(SendRetryOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SendRetryOptions>, SendRetryOptionsValidator>();

        builder.Services.AddGatewayClients();
    }
}
