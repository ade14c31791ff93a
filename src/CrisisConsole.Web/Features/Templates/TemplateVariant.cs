using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// One language of a template: its text with <c>{{placeholders}}</c>, up to three quick replies, and
/// the reference to the WhatsApp template approved for it (needed outside the 24-hour window).
/// </summary>
public sealed class TemplateVariant
{
    public const int TextMaxLength = TemplateLimits.WhatsAppTextMaxLength;

    public int Id { get; set; }
    public int TemplateId { get; set; }

    /// <summary>BCP 47 tag, e.g. "en", "fr", "ar", "fr-CA".</summary>
    public string Language { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>In button order; Meta addresses quick-reply buttons by this index.</summary>
    public List<QuickReply> QuickReplies { get; set; } = [];

    /// <summary>Twilio Content API template ("HX" + 32 hex), sent as ContentSid.</summary>
    public string? TwilioContentSid { get; set; }

    /// <summary>Meta WhatsApp Cloud template name (lowercase, digits, underscores).</summary>
    public string? MetaTemplateName { get; set; }

    /// <summary>Meta template language code ("en", "fr", "ar", "en_US").</summary>
    public string? MetaTemplateLanguage { get; set; }
}

/// <summary>
/// A reply button. The payload is the stable id that comes back when the button is pressed (SAFE,
/// HELP); the title is what the person reads, in the variant's language.
/// </summary>
public sealed class QuickReply
{
    public string Payload { get; set; } = "";
    public string Title { get; set; } = "";
}

internal sealed class TemplateVariantConfiguration : IEntityTypeConfiguration<TemplateVariant>
{
    public void Configure(EntityTypeBuilder<TemplateVariant> entity)
    {
        entity.ToTable("TemplateVariants");
        entity.Property(v => v.Language).HasMaxLength(LanguageTags.MaxLength);
        entity.Property(v => v.Text).HasMaxLength(TemplateVariant.TextMaxLength);
        entity.Property(v => v.TwilioContentSid).HasMaxLength(34);
        entity.Property(v => v.MetaTemplateName).HasMaxLength(512);
        entity.Property(v => v.MetaTemplateLanguage).HasMaxLength(LanguageTags.MaxLength);
        entity.HasIndex(v => new { v.TemplateId, v.Language }).IsUnique();
        // At most three small buttons that are always read with their variant: one JSON column.
        entity.OwnsMany(v => v.QuickReplies, replies =>
        {
            replies.ToJson();
            replies.Property(r => r.Payload).HasMaxLength(TemplateLimits.QuickReplyPayloadMaxLength);
            replies.Property(r => r.Title).HasMaxLength(TemplateLimits.QuickReplyTitleMaxLength);
        });
    }
}
