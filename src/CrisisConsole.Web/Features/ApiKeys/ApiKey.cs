using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.ApiKeys;

/// <summary>A key for a named integration. Only the SHA-256 of the key is stored.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the key, to tell keys apart in the UI without revealing them.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the whole key. Keys are 256-bit random, so a fast hash is enough.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Space-separated scopes (see <see cref="ApiScopes"/>).</summary>
    public string Scopes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Came from configuration (ApiKeys:Provisioned); re-synchronised on each start.</summary>
    public bool IsProvisioned { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> entity)
    {
        entity.ToTable("ApiKeys");
        entity.Property(k => k.Name).HasMaxLength(100);
        entity.Property(k => k.Prefix).HasMaxLength(16);
        entity.Property(k => k.Hash).HasMaxLength(64);
        entity.Property(k => k.Scopes).HasMaxLength(200);
        entity.Property(k => k.CreatedBy).HasMaxLength(256);
        entity.HasIndex(k => k.Hash).IsUnique();
        entity.HasIndex(k => k.Name);
        entity.Ignore(k => k.ScopeList);
    }
}
