using System.Net.Http.Headers;
using System.Security.Claims;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace CrisisConsole.Tests.ApiKeys;

/// <summary>
/// The real application built the way Program.cs builds it, on a test server, with one extra
/// route under /api/v1 that exists only here: it lets the key tests call the API before any
/// feature has an endpoint of its own. It needs the read scope, like most of the API.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string ReadPath = "/api/v1/test-only/whoami";

    private readonly TestDatabase database = new();

    private ApiTestHost(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["DemoData:Enabled"] = "false",
            ["FirstAdmin:Email"] = CrisisConsoleFactory.AdminEmail,
            ["FirstAdmin:Password"] = CrisisConsoleFactory.AdminPassword,
            ["Gateways:Mode"] = "Simulator",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        App = CrisisConsoleApp.Build(["--environment=Testing"], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(configuration);
        });
        App.MapGroup("/api/v1").RequireApiKey().DisableAntiforgery()
            .MapGet("/test-only/whoami", (ClaimsPrincipal user) => TypedResults.Ok(user.FindFirstValue(ApiScopes.KeyIdClaimType)))
            .RequireScope(ApiScopes.Read);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Builds, initialises (migrations, seeders) and starts the app, as Program.cs does.</summary>
    public static async Task<ApiTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new ApiTestHost(settings ?? new Dictionary<string, string?>());
        try
        {
            await CrisisConsoleApp.InitializeAsync(host.App);
            await host.App.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient(string? key)
    {
        var client = App.GetTestClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started: start-up failed, which is what some tests expect.
        }

        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.Dispose();
    }
}
