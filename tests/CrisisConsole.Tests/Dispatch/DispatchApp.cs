using CrisisConsole.Web.Data;
using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>
/// The real console on Kestrel (127.0.0.1, a free port) with its own SQLite file and its messaging
/// service running, as in production. By default it sends through the built-in simulator over real HTTP;
/// <paramref name="services"/> may swap parts (fake gateways, clocks).
/// </summary>
public sealed class DispatchApp : IAsyncDisposable
{
    public const string TwilioAuthToken = "dispatch-twilio-auth-token";
    public const string MetaAppSecret = "dispatch-meta-app-secret";

    private readonly string databasePath;
    private readonly WebApplication app;

    private DispatchApp(string databasePath, WebApplication app)
    {
        this.databasePath = databasePath;
        this.app = app;
    }

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => app.Services;

    /// <summary>Starts the app; <paramref name="settings"/> override the quick test defaults below.</summary>
    public static async Task<DispatchApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), "cc-tests", "dispatch-" + Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var all = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={databasePath}",
            ["DemoData:Enabled"] = "false",
            ["FirstAdmin:Email"] = "admin@dispatch.test",
            ["FirstAdmin:Password"] = "dispatch-tests-admin-pw",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateways:Twilio:AuthToken"] = TwilioAuthToken,
            ["Gateways:WhatsAppCloud:AppSecret"] = MetaAppSecret,
            ["Dispatch:PollInterval"] = "00:00:00.050",
            ["Dispatch:RetryBaseDelay"] = "00:00:00.050",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.200",
            ["Dispatch:ReconcileDelay"] = "00:00:00.200",
            ["Dispatch:RateLimitsEnabled"] = "false",
            // The simulated people all have WhatsApp and reachable phones unless a test says otherwise.
            ["GatewaySimulator:Recipients:NotOnWhatsAppPercent"] = "0",
            ["GatewaySimulator:Recipients:SmsUnreachablePercent"] = "0",
            ["GatewaySimulator:Recipients:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var args = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Testing" };
        args.AddRange(all.Select(kv => $"--{kv.Key}={kv.Value}"));
        var built = CrisisConsoleApp.Build(args.ToArray(), builder => services?.Invoke(builder.Services));
        var dispatchApp = new DispatchApp(databasePath, built);
        await CrisisConsoleApp.InitializeAsync(built);
        await built.StartAsync();
        var addresses = built.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        dispatchApp.BaseUrl = addresses.Addresses.First().TrimEnd('/');
        return dispatchApp;
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public AppDbContext Db() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> after a generous time-out (never an assertion on time).</summary>
    public async Task WaitUntilAsync(Func<AppDbContext, Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var db = Db())
            {
                if (await condition(db))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(25);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
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
