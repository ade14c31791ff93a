using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.ApiKeys;

/// <summary>Creates and revokes keys from the Admin page. The clear key is returned once and never stored.</summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public async Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ApiKey>().AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
    }

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IEnumerable<string> scopes, AuditActor actor, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("Give the integration a name of 1 to 100 characters.", nameof(name));
        }

        var scopeList = scopes.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList();
        if (scopeList.Count == 0 || scopeList.Except(ApiScopes.All).Any())
        {
            throw new ArgumentException($"Pick one or more scopes: {string.Join(", ", ApiScopes.All)}.", nameof(scopes));
        }

        var secret = ApiKeyHasher.NewKey();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The audit entry needs the key's id, so two saves; one transaction keeps them together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = new ApiKey
        {
            Name = name,
            Prefix = ApiKeyHasher.DisplayPrefix(secret),
            Hash = ApiKeyHasher.Hash(secret),
            Scopes = string.Join(' ', scopeList),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        db.Set<ApiKey>().Add(key);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(db, actor, AuditActions.ApiKeyCreated, "ApiKey", key.Id.ToString(), $"Key '{name}' ({key.Prefix}…) with scopes {key.Scopes}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (key, secret);
    }

    public async Task RevokeAsync(int id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException("That API key no longer exists.");
        if (key.RevokedAt is not null)
        {
            return;
        }

        if (key.IsProvisioned)
        {
            // The next start would bring it back; the configuration is where it must go.
            throw new InvalidOperationException(
                $"Key '{key.Name}' comes from configuration (ApiKeys:Provisioned). Remove it there and restart to revoke it.");
        }

        key.RevokedAt = clock.GetUtcNow();
        audit.Add(db, actor, AuditActions.ApiKeyRevoked, "ApiKey", key.Id.ToString(), $"Key '{key.Name}' ({key.Prefix}…) revoked");
        await db.SaveChangesAsync(cancellationToken);
    }
}
