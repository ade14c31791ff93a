using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// An admin-defined keyword ("SHELTER", "ABRI", "ملجأ") and its answer per language, sent automatically to
/// whoever writes it (see <see cref="KeywordAutoReplyMatcher"/>). Retired keywords stay for the record.
/// </summary>
public sealed class KeywordAutoReply
{
    public const int KeywordMaxLength = 100;
    public const int ReplyMaxLength = 1000;

    public int Id { get; set; }

    /// <summary>In <see cref="InboundText.Normalize"/> form, unique: "Abri", "ABRI" and "abri" are one keyword.</summary>
    public string Keyword { get; set; } = "";

    /// <summary>The keyword as the admin typed it, for display.</summary>
    public string DisplayKeyword { get; set; } = "";

    public string ReplyEn { get; set; } = "";
    public string? ReplyFr { get; set; }
    public string? ReplyAr { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    /// <summary>The reply in the person's language (fr…, ar…), else English.</summary>
    public string ReplyFor(string? language) => (language ?? "").ToLowerInvariant() switch
    {
        var l when l.StartsWith("fr", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(ReplyFr) => ReplyFr!,
        var l when l.StartsWith("ar", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(ReplyAr) => ReplyAr!,
        _ => ReplyEn,
    };
}

internal sealed class KeywordAutoReplyConfiguration : IEntityTypeConfiguration<KeywordAutoReply>
{
    public void Configure(EntityTypeBuilder<KeywordAutoReply> entity)
    {
        entity.ToTable("KeywordAutoReplies");
        entity.Property(k => k.Keyword).HasMaxLength(KeywordAutoReply.KeywordMaxLength);
        entity.Property(k => k.DisplayKeyword).HasMaxLength(KeywordAutoReply.KeywordMaxLength);
        entity.Property(k => k.ReplyEn).HasMaxLength(KeywordAutoReply.ReplyMaxLength);
        entity.Property(k => k.ReplyFr).HasMaxLength(KeywordAutoReply.ReplyMaxLength);
        entity.Property(k => k.ReplyAr).HasMaxLength(KeywordAutoReply.ReplyMaxLength);
        entity.Property(k => k.UpdatedBy).HasMaxLength(256);
        entity.HasIndex(k => k.Keyword).IsUnique();
    }
}
