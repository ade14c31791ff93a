using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// The real console in this process on 127.0.0.1 and a free port, with a throw-away SQLite file, the
/// in-app simulator, and the gateway rate limits off (the targets are about the console, not the carriers).
/// </summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), "cc-bench", Guid.NewGuid().ToString("N") + ".db");
    private WebApplication? app;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => app!.Services;

    public GatewayOptions Gateways => Services.GetRequiredService<IOptions<GatewayOptions>>().Value;

    public string PublicBaseUrl => Services.GetRequiredService<GatewayEndpoints>().PublicBaseUrl ?? BaseUrl;

    public static async Task<BenchmarkHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var host = new BenchmarkHost();
        Directory.CreateDirectory(Path.GetDirectoryName(host.databasePath)!);
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Production",
            $"--Database:ConnectionString=Data Source={host.databasePath}",
            "--DemoData:Enabled=false",
            "--FirstAdmin:Password=benchmark-admin-password",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Error",
            "--Dispatch:RateLimitsEnabled=false",
            "--GatewaySimulator:RateLimits:TwilioEnabled=false",
            "--GatewaySimulator:RateLimits:MetaEnabled=false",
            "--GatewaySimulator:Recipients:Enabled=false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        host.app = CrisisConsoleApp.Build(args.ToArray());
        await CrisisConsoleApp.InitializeAsync(host.app);
        await host.app.StartAsync();
        host.BaseUrl = host.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return host;
    }

    public AppDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(databasePath + suffix);
            }
            catch (IOException)
            {
            }
        }
    }
}
