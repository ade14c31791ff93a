using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// A person who can be messaged. Whether they may be messaged is decided in one place,
/// <see cref="ContactMessagingPolicy"/>; never test <see cref="Consent"/> directly for that.
/// Groups and tags live in <see cref="ContactLabel"/> rows so segments can find them through an index.
/// </summary>
public sealed class Contact
{
    public const int NameMaxLength = 200;
    public const int ZoneMaxLength = 100;
    public const int ExternalIdMaxLength = 100;
    public const int ConsentSourceMaxLength = 100;

    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>E.164, normalised by <c>E164.TryNormalize</c> before it is stored, e.g. "+447700900123".</summary>
    public string Phone { get; set; } = "";

    /// <summary>True or false once known (from an import or a delivery outcome); null while unknown.</summary>
    public bool? WhatsAppCapable { get; set; }

    /// <summary>A canonical BCP 47 tag (see <see cref="LanguageTag"/>), e.g. "en", "fr", "ar", "fr-CA".</summary>
    public string Language { get; set; } = LanguageTag.Default;

    /// <summary>The site or zone the person belongs to, e.g. "North". Compared without regard to ASCII case.</summary>
    public string? Zone { get; set; }

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>The id in the system the contacts come from, so a re-import updates instead of duplicating.</summary>
    public string? ExternalId { get; set; }

    public ConsentStatus Consent { get; set; } = ConsentStatus.Unknown;

    /// <summary>Where the current consent came from: "import", "console", "api", "inbound STOP"...</summary>
    public string? ConsentSource { get; set; }

    public DateTimeOffset? ConsentAt { get; set; }

    /// <summary>Last message received from this person on WhatsApp; opens the 24-hour free-form window.</summary>
    public DateTimeOffset? LastInboundWhatsAppAt { get; set; }

    public DateTimeOffset? LastInboundSmsAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Soft delete: the row stays for the history of broadcasts and replies, but is never listed or messaged.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public List<ContactLabel> Labels { get; set; } = [];

    public List<ContactConsentChange> ConsentChanges { get; set; } = [];

    public IEnumerable<string> Groups => Labels.Where(l => l.Kind == LabelKind.Group).Select(l => l.Value);

    public IEnumerable<string> Tags => Labels.Where(l => l.Kind == LabelKind.Tag).Select(l => l.Value);

    /// <summary>
    /// Sets the consent and records the change in the history. Does nothing when the status is unchanged
    /// (so re-imports do not flood the history, and a new contact created as unknown has no entry).
    /// Returns the recorded change, if any.
    /// </summary>
    public ContactConsentChange? ChangeConsent(ConsentStatus status, string source, DateTimeOffset at, string changedBy)
    {
        if (status == Consent)
        {
            return null;
        }

        var change = new ContactConsentChange
        {
            Contact = this,
            From = Id == 0 ? null : Consent,
            To = status,
            Source = Truncate(source, ConsentSourceMaxLength),
            At = at,
            ChangedBy = Truncate(changedBy, 256),
        };
        ConsentChanges.Add(change);
        Consent = status;
        ConsentSource = change.Source;
        ConsentAt = at;
        return change;
    }

    /// <summary>Replaces the labels of one kind, keeping rows that stay so EF writes only the difference.</summary>
    public void SetLabels(LabelKind kind, IEnumerable<string> values)
    {
        var wanted = ContactLabel.Normalize(values);
        Labels.RemoveAll(l => l.Kind == kind && !wanted.Contains(l.Value, StringComparer.OrdinalIgnoreCase));
        foreach (var value in wanted)
        {
            if (!Labels.Any(l => l.Kind == kind && string.Equals(l.Value, value, StringComparison.OrdinalIgnoreCase)))
            {
                Labels.Add(new ContactLabel { Kind = kind, Value = value });
            }
        }
    }

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
}

public enum ConsentStatus
{
    Unknown,
    OptedIn,
    OptedOut,
}

/// <summary>How consent is written in the API and in CSV files: "opted_in", "opted_out", "unknown".</summary>
public static class ConsentStatusText
{
    public static string ToWire(ConsentStatus status) => status switch
    {
        ConsentStatus.OptedIn => "opted_in",
        ConsentStatus.OptedOut => "opted_out",
        _ => "unknown",
    };

    public static string ToLabel(ConsentStatus status) => status switch
    {
        ConsentStatus.OptedIn => "Opted in",
        ConsentStatus.OptedOut => "Opted out",
        _ => "Unknown",
    };
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> entity)
    {
        entity.ToTable("Contacts");
        // NOCASE so that sorting and the zone filter treat "north" and "North" alike (ASCII only in SQLite).
        entity.Property(c => c.Name).HasMaxLength(Contact.NameMaxLength).UseCollation("NOCASE");
        entity.Property(c => c.Phone).HasMaxLength(16);
        entity.Property(c => c.Language).HasMaxLength(LanguageTag.MaxLength);
        entity.Property(c => c.Zone).HasMaxLength(Contact.ZoneMaxLength).UseCollation("NOCASE");
        entity.Property(c => c.ExternalId).HasMaxLength(Contact.ExternalIdMaxLength);
        entity.Property(c => c.ConsentSource).HasMaxLength(Contact.ConsentSourceMaxLength);
        entity.Ignore(c => c.Groups);
        entity.Ignore(c => c.Tags);

        // One live contact per number and per external id; a soft-deleted row does not block re-creating it.
        entity.HasIndex(c => c.Phone).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
        entity.HasIndex(c => c.ExternalId).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL AND \"DeletedAt\" IS NULL");
        entity.HasIndex(c => c.Name);
        entity.HasIndex(c => c.Zone);
        entity.HasIndex(c => c.Language);
        entity.HasIndex(c => new { c.Consent, c.DeletedAt });

        entity.HasMany(c => c.Labels).WithOne(l => l.Contact).HasForeignKey(l => l.ContactId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(c => c.ConsentChanges).WithOne(h => h.Contact).HasForeignKey(h => h.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
