using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.BrowserTests.Infrastructure;

/// <summary>
/// The real console on Kestrel, 127.0.0.1 and a free port, with its own SQLite file, demo data and
/// the built-in gateway simulator, exactly as `dotnet run` starts it but for the settings below.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@browser.test";
    public const string AdminPassword = "browser-tests-admin-pw";

    private readonly string databasePath;
    private WebApplication? app;

    public ConsoleServer()
    {
        databasePath = Path.Combine(Path.GetTempPath(), "cc-browser", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
    }

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The server has not started.");

    public async Task StartAsync(IDictionary<string, string?>? settings = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            $"--Database:ConnectionString=Data Source={databasePath}",
            "--DemoData:Enabled=true",
            $"--FirstAdmin:Email={AdminEmail}",
            $"--FirstAdmin:Password={AdminPassword}",
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        app = CrisisConsoleApp.Build(args.ToArray());
        await CrisisConsoleApp.InitializeAsync(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');
    }

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
