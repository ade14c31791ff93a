using System.Net;
using System.Net.Http.Json;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.ApiKeys;

/// <summary>Keys created and revoked on the Admin page, used against the API.</summary>
public sealed class ApiKeyLifecycleTests : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-id", "admin@test.local");
    private ApiTestHost host = default!;

    public async Task InitializeAsync() => host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private ApiKeyService Keys => host.Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task A_new_key_is_stored_only_as_its_hash()
    {
        var (key, secret) = await Keys.CreateAsync("Grafana", [ApiScopes.Read], Admin);

        await using var db = await DbAsync();
        var stored = await db.Set<ApiKey>().SingleAsync(k => k.Id == key.Id);
        Assert.StartsWith(ApiKeyHasher.KeyPrefix, secret);
        Assert.Equal(ApiKeyHasher.Hash(secret), stored.Hash);
        Assert.Equal(secret[..10], stored.Prefix);
        Assert.DoesNotContain(secret, new[] { stored.Name, stored.Hash, stored.Prefix, stored.Scopes, stored.CreatedBy });
        Assert.DoesNotContain(await db.Set<AuditEntry>().ToListAsync(), e => e.Details?.Contains(secret) == true);
    }

    [Fact]
    public async Task A_created_key_calls_the_api_and_once_revoked_gets_401()
    {
        var (key, secret) = await Keys.CreateAsync("Monitoring", [ApiScopes.Read, ApiScopes.Trigger], Admin);
        var client = host.CreateClient(secret);

        var before = await client.GetAsync(ApiTestHost.ReadPath);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(key.Id.ToString(), await before.Content.ReadFromJsonAsync<string>());

        await Keys.RevokeAsync(key.Id, Admin);

        var after = await client.GetAsync(ApiTestHost.ReadPath);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403()
    {
        var (_, secret) = await Keys.CreateAsync("Importer", [ApiScopes.Import], Admin);

        var response = await host.CreateClient(secret).GetAsync(ApiTestHost.ReadPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Creating_and_revoking_are_audited_with_the_actor()
    {
        var (key, _) = await Keys.CreateAsync("Pager", [ApiScopes.Read], Admin);
        await Keys.RevokeAsync(key.Id, Admin);

        await using var db = await DbAsync();
        var entries = await db.Set<AuditEntry>().Where(e => e.TargetType == "ApiKey" && e.TargetId == key.Id.ToString()).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.ApiKeyCreated, AuditActions.ApiKeyRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(Admin.Id, e.ActorId));
        Assert.Contains("read", entries[0].Details);
    }

    [Theory]
    [InlineData("", "read", "name")]
    [InlineData("No scopes", "", "scopes")]
    [InlineData("Bad scope", "read,delete-everything", "scopes")]
    public async Task Creating_with_bad_input_is_refused_with_a_message(string name, string scopes, string parameter)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Keys.CreateAsync(name, scopes.Split(',', StringSplitOptions.RemoveEmptyEntries), Admin));

        Assert.Equal(parameter, error.ParamName);
    }

    private async Task<AppDbContext> DbAsync() =>
        await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
