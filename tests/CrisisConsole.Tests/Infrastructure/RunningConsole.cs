using CrisisConsole.Web.Data;
using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Infrastructure;

/// <summary>
/// The real console on Kestrel (127.0.0.1, a free port) with its own SQLite file and the in-app
/// simulator, for end-to-end tests where real HTTP matters (clients, signed callbacks). Unlike the
/// in-memory test server, the simulator can call the app back over the loopback network.
/// </summary>
public sealed class RunningConsole : IAsyncDisposable
{
    private readonly TestDatabase database = new();
    private WebApplication? app;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("Not started.");

    public static async Task<RunningConsole> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var console = new RunningConsole();
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            $"--Database:ConnectionString={console.database.ConnectionString}",
            "--DemoData:Enabled=false",
            "--FirstAdmin:Password=running-console-admin",
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        console.app = CrisisConsoleApp.Build(args.ToArray());
        await CrisisConsoleApp.InitializeAsync(console.app);
        await console.app.StartAsync();
        var addresses = console.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        console.BaseUrl = addresses.Addresses.First().TrimEnd('/');
        return console;
    }

    public AppDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>A delivery with no broadcast, waiting for a test to send it through a client.</summary>
    public async Task<long> AddPendingDeliveryAsync(CrisisConsole.Gateways.Messaging.GatewayProvider provider, string to)
    {
        await using var db = CreateDbContext();
        var delivery = new CrisisConsole.Web.Features.Deliveries.Delivery
        {
            Channel = CrisisConsole.Gateways.Messaging.GatewayProviders.ChannelOf(provider),
            Provider = provider,
            ToAddress = to,
            Status = CrisisConsole.Gateways.Messaging.DeliveryStatus.Pending,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.Dispose();
    }
}
