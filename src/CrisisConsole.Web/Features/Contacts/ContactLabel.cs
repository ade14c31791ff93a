using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// One group or tag of a contact. A row per label (rather than a delimited column) lets a segment over
/// 100,000 contacts find the members of a group through the (Kind, Value, ContactId) index.
/// </summary>
public sealed class ContactLabel
{
    public const int ValueMaxLength = 100;

    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public LabelKind Kind { get; set; }
    public string Value { get; set; } = "";

    /// <summary>Trimmed, without blanks or case-insensitive duplicates, each cut to the stored length.</summary>
    public static List<string> Normalize(IEnumerable<string> values)
    {
        var result = new List<string>();
        foreach (var raw in values)
        {
            var value = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (value.Length > ValueMaxLength)
            {
                value = value[..ValueMaxLength];
            }

            if (value.Length > 0 && !result.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(value);
            }
        }

        return result;
    }

    /// <summary>Splits a cell or text box such as "Staff | Field responders" or "a, b; c".</summary>
    public static List<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : Normalize(text.Split(['|', ';', ','], StringSplitOptions.RemoveEmptyEntries));
}

public enum LabelKind
{
    Group,
    Tag,
}

internal sealed class ContactLabelConfiguration : IEntityTypeConfiguration<ContactLabel>
{
    public void Configure(EntityTypeBuilder<ContactLabel> entity)
    {
        entity.ToTable("ContactLabels");
        entity.HasKey(l => new { l.ContactId, l.Kind, l.Value });
        entity.Property(l => l.Value).HasMaxLength(ContactLabel.ValueMaxLength).UseCollation("NOCASE");
        // Segment resolution starts here: all contacts in the groups {a, b} is a range scan of this index.
        entity.HasIndex(l => new { l.Kind, l.Value, l.ContactId });
    }
}
