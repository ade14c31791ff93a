using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// A named message with one variant per language. The name is what the REST API and scripts use, so
/// it is unique and never reused; a template that is no longer wanted is retired, not deleted, because
/// broadcasts already sent point at it.
/// </summary>
public sealed class MessageTemplate
{
    public const int NameMaxLength = 64;
    public const int DescriptionMaxLength = 500;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public TemplateCategory Category { get; set; }
    public string Description { get; set; } = "";

    /// <summary>The language used when a recipient's own language has no variant (a BCP 47 tag).</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>
    /// The declared variable names. Every variant uses exactly these as <c>{{name}}</c> placeholders,
    /// which is what lets one set of values fill every language.
    /// </summary>
    public List<string> Variables { get; set; } = [];

    public bool IsRetired { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public string UpdatedBy { get; set; } = "";

    public List<TemplateVariant> Variants { get; set; } = [];

    public TemplateVariant? DefaultVariant =>
        Variants.FirstOrDefault(v => string.Equals(v.Language, DefaultLanguage, StringComparison.OrdinalIgnoreCase));
}

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> entity)
    {
        entity.ToTable("MessageTemplates");
        entity.Property(t => t.Name).HasMaxLength(MessageTemplate.NameMaxLength);
        entity.Property(t => t.Description).HasMaxLength(MessageTemplate.DescriptionMaxLength);
        entity.Property(t => t.DefaultLanguage).HasMaxLength(LanguageTags.MaxLength);
        // A primitive collection: stored as a JSON array in one column.
        entity.Property(t => t.Variables);
        entity.Property(t => t.CreatedBy).HasMaxLength(256);
        entity.Property(t => t.UpdatedBy).HasMaxLength(256);
        // Two Admins editing the same template: the second save is refused rather than lost.
        entity.Property(t => t.UpdatedAt).IsConcurrencyToken();
        entity.HasIndex(t => t.Name).IsUnique();
        entity.HasIndex(t => new { t.IsRetired, t.Name });
        entity.Ignore(t => t.DefaultVariant);
        entity.HasMany(t => t.Variants)
            .WithOne()
            .HasForeignKey(v => v.TemplateId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
