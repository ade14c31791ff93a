using System.Net;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.ApiKeys;

/// <summary>Keys given by configuration (ApiKeys:Provisioned:{i}:Name, :Key, :Scopes).</summary>
public sealed class ProvisionedApiKeyTests
{
    private const string ConfiguredKey = "ci-provisioned-key-0123456789abcdef";

    [Fact]
    public async Task A_configured_key_calls_the_api_and_is_listed_as_provisioned()
    {
        await using var host = await ApiTestHost.StartAsync(Provisioned("CI pipeline", ConfiguredKey, "read, trigger"));

        var response = await host.CreateClient(ConfiguredKey).GetAsync(ApiTestHost.ReadPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = Assert.Single(await host.Services.GetRequiredService<ApiKeyService>().ListAsync());
        Assert.True(listed.IsProvisioned);
        Assert.Equal("CI pipeline", listed.Name);
        Assert.Equal([ApiScopes.Read, ApiScopes.Trigger], listed.ScopeList);
        Assert.Equal(ApiKeyHasher.Hash(ConfiguredKey), listed.Hash);
    }

    [Fact]
    public async Task A_provisioned_key_cannot_be_revoked_from_the_console()
    {
        await using var host = await ApiTestHost.StartAsync(Provisioned("CI pipeline", ConfiguredKey, "read"));
        var keys = host.Services.GetRequiredService<ApiKeyService>();
        var key = Assert.Single(await keys.ListAsync());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => keys.RevokeAsync(key.Id, AuditActor.System));

        Assert.Contains("ApiKeys:Provisioned", error.Message);
        Assert.Null(Assert.Single(await keys.ListAsync()).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient(ConfiguredKey).GetAsync(ApiTestHost.ReadPath)).StatusCode);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.DoesNotContain(await db.Set<AuditEntry>().ToListAsync(), e => e.Action == AuditActions.ApiKeyRevoked);
    }

    [Theory]
    [InlineData("", ConfiguredKey, "read", "ApiKeys:Provisioned:0:Name")]
    [InlineData("CI", "too-short", "read", "ApiKeys:Provisioned:0:Key")]
    [InlineData("CI", ConfiguredKey, "read, launch", "ApiKeys:Provisioned:0:Scopes")]
    [InlineData("CI", ConfiguredKey, "", "ApiKeys:Provisioned:0:Scopes")]
    public async Task An_invalid_configured_key_stops_start_up_naming_the_setting(string name, string key, string scopes, string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiTestHost.StartAsync(Provisioned(name, key, scopes)));

        Assert.Contains(setting, error.Message);
    }

    private static Dictionary<string, string?> Provisioned(string name, string key, string scopes) => new()
    {
        ["ApiKeys:Provisioned:0:Name"] = name,
        ["ApiKeys:Provisioned:0:Key"] = key,
        ["ApiKeys:Provisioned:0:Scopes"] = scopes,
    };
}
