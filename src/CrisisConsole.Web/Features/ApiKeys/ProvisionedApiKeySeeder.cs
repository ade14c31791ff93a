using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.ApiKeys;

/// <summary>
/// Makes the stored keys match ApiKeys:Provisioned: new ones are added, changed scopes updated, and
/// provisioned keys no longer configured are revoked.
/// </summary>
internal sealed class ProvisionedApiKeySeeder(
    IDbContextFactory<AppDbContext> contexts,
    IOptions<ProvisionedApiKeysOptions> options,
    AuditLog audit,
    TimeProvider clock) : IStartupInitializer
{
    public int Order => StartupOrder.ProvisionedApiKeys;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var stored = await db.Set<ApiKey>().Where(k => k.IsProvisioned).ToListAsync(cancellationToken);
        var configuredHashes = new HashSet<string>();

        foreach (var configured in options.Value.Provisioned)
        {
            var hash = ApiKeyHasher.Hash(configured.Key);
            configuredHashes.Add(hash);
            var scopes = string.Join(' ', configured.ScopeList);
            var existing = stored.FirstOrDefault(k => k.Hash == hash);
            if (existing is null)
            {
                db.Set<ApiKey>().Add(new ApiKey
                {
                    Name = configured.Name,
                    Prefix = ApiKeyHasher.DisplayPrefix(configured.Key),
                    Hash = hash,
                    Scopes = scopes,
                    CreatedAt = now,
                    CreatedBy = "configuration",
                    IsProvisioned = true,
                });
                audit.Add(db, AuditActor.System, AuditActions.ApiKeyProvisioned, "ApiKey", null, $"Provisioned key '{configured.Name}' ({scopes})");
            }
            else if (existing.Scopes != scopes || existing.Name != configured.Name || existing.RevokedAt is not null)
            {
                existing.Scopes = scopes;
                existing.Name = configured.Name;
                existing.RevokedAt = null;
                audit.Add(db, AuditActor.System, AuditActions.ApiKeyProvisioned, "ApiKey", existing.Id.ToString(), $"Provisioned key '{configured.Name}' updated ({scopes})");
            }
        }

        foreach (var gone in stored.Where(k => k.RevokedAt is null && !configuredHashes.Contains(k.Hash)))
        {
            gone.RevokedAt = now;
            audit.Add(db, AuditActor.System, AuditActions.ApiKeyRevoked, "ApiKey", gone.Id.ToString(), $"Provisioned key '{gone.Name}' no longer configured");
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
