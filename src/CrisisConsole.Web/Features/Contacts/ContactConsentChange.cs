using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>One change of a contact's consent: the history shown in the edit dialog. Never edited.</summary>
public sealed class ContactConsentChange
{
    public long Id { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }

    /// <summary>Null for the consent a contact was created with.</summary>
    public ConsentStatus? From { get; set; }

    public ConsentStatus To { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset At { get; set; }

    /// <summary>The display name of the user, API key or "system" that made the change.</summary>
    public string ChangedBy { get; set; } = "";
}

internal sealed class ContactConsentChangeConfiguration : IEntityTypeConfiguration<ContactConsentChange>
{
    public void Configure(EntityTypeBuilder<ContactConsentChange> entity)
    {
        entity.ToTable("ContactConsentChanges");
        entity.Property(h => h.Source).HasMaxLength(Contact.ConsentSourceMaxLength);
        entity.Property(h => h.ChangedBy).HasMaxLength(256);
        entity.HasIndex(h => new { h.ContactId, h.At });
    }
}
