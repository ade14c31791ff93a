using System.Net.Http.Headers;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Infrastructure;

/// <summary>
/// The real application in memory, with a SQLite file of its own, demo data off and a known Admin
/// password. Settings can be added per test class through <see cref="Settings"/> before first use.
/// </summary>
public class CrisisConsoleFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "correct-horse-battery";

    /// <summary>Webhook signatures are checked against this URL, as behind a proxy in production.</summary>
    public const string PublicBaseUrl = "https://console.example.test";
    public const string TwilioAuthToken = "test-twilio-auth-token";
    public const string MetaAppSecret = "test-meta-app-secret";
    public const string MetaVerifyToken = "test-meta-verify-token";

    private readonly TestDatabase database = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["DemoData:Enabled"] = "false",
        ["FirstAdmin:Email"] = AdminEmail,
        ["FirstAdmin:Password"] = AdminPassword,
        ["Gateways:Mode"] = "Simulator",
        // The in-memory server cannot be called back by the simulator, and a test that sets up deliveries
        // must not have the messaging service send or complete them behind its back. Dispatch tests run
        // the real app on a port instead (RunningConsole and their own fixtures).
        ["Dispatch:Enabled"] = "false",
        ["Gateways:PublicBaseUrl"] = PublicBaseUrl,
        ["Gateways:Twilio:AuthToken"] = TwilioAuthToken,
        ["Gateways:WhatsAppCloud:AppSecret"] = MetaAppSecret,
        ["Gateways:WhatsAppCloud:VerifyToken"] = MetaVerifyToken,
    };

    public string DatabasePath => database.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public AppDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Stores a key with the given scopes and returns a client that sends it.</summary>
    public async Task<HttpClient> CreateApiClientAsync(params string[] scopes)
    {
        var key = await CreateApiKeyAsync("test-" + Guid.NewGuid().ToString("N")[..8], scopes);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<string> CreateApiKeyAsync(string name, params string[] scopes)
    {
        var service = Services.GetRequiredService<ApiKeyService>();
        var (_, secret) = await service.CreateAsync(name, scopes, CrisisConsole.Web.Features.Audit.AuditActor.System);
        return secret;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            database.Dispose();
        }
    }
}
