using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.GatewaySimulator;

/// <summary>
/// The simulator on its own (see README.md): Twilio at /twilio/…, Meta at /meta/…, admin at /admin.
/// A named class, not top-level statements, because the web app, which references this project, has
/// its own Program.
/// </summary>
public static partial class SimulatorProgram
{
    public const string SettingsFileName = "simulator.settings.json";
    public const string PathPrefixKey = SimulatorSettings.Section + ":PathPrefix";

    private static readonly string[] RequiredKeys =
    [
        "Gateways:Twilio:AccountSid", "Gateways:Twilio:AuthToken", "Gateways:WhatsAppCloud:AccessToken", "Gateways:WhatsAppCloud:AppSecret",
    ];

    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (SimulatorConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>Builds the standalone simulator; tests call it with their own settings and --urls http://127.0.0.1:0.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SimulatorProgram).Assembly.GetName().Name,
        });

        // Only our own file, then the environment and the command line: the web app's appsettings.json
        // may sit in the same folder and must not leak in.
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, SettingsFileName), optional: true)
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        configure?.Invoke(builder);

        var missing = RequiredKeys.Where(key => string.IsNullOrWhiteSpace(builder.Configuration[key])).ToList();
        if (missing.Count > 0)
        {
            throw new SimulatorConfigurationException(
                "The gateway simulator needs the same credentials as the console. Missing: " + string.Join(", ", missing) +
                ". Set them as environment variables (e.g. Gateways__Twilio__AuthToken) or on the command line (--Gateways:Twilio:AuthToken=...).");
        }

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        builder.Services.PostConfigure<GatewayOptions>(options =>
        {
            options.Mode = GatewayMode.Simulator;
            SimulatorCredentials.FillMissing(options);
        });
        builder.Services.AddGatewaySimulator();

        var app = builder.Build();
        var prefix = app.Configuration[PathPrefixKey] ?? "";
        app.MapGatewaySimulator(prefix);
        app.MapGet("/", () => Results.Redirect(prefix.TrimEnd('/') + "/admin"));

        var endpoints = app.Services.GetRequiredService<GatewayEndpoints>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrisisConsole.GatewaySimulator");
        if (endpoints.PublicBaseUrl is null)
        {
            StandaloneLog.NoPublicBaseUrl(logger);
        }
        else
        {
            StandaloneLog.CallbacksTo(logger, endpoints.PublicBaseUrl);
        }

        return app;
    }

    private static partial class StandaloneLog
    {
        [LoggerMessage(EventId = 7000, Level = LogLevel.Warning,
            Message = "Gateways:PublicBaseUrl is not set: status callbacks and inbound webhooks have nowhere to go")]
        public static partial void NoPublicBaseUrl(ILogger logger);

        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Gateway simulator sends callbacks to {PublicBaseUrl}")]
        public static partial void CallbacksTo(ILogger logger, string publicBaseUrl);
    }
}

public sealed class SimulatorConfigurationException(string message) : Exception(message);
