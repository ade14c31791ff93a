using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// A number that wrote to us but matches no contact. Kept so responders can see and answer it; it is
/// never added to a segment automatically (an operator may create the contact by hand).
/// </summary>
public sealed class UnknownSender
{
    public int Id { get; set; }

    /// <summary>E.164, unique.</summary>
    public string Phone { get; set; } = "";

    public string? ProfileName { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public int MessageCount { get; set; }

    /// <summary>
    /// Set when the number sent STOP (cleared by START). Nothing but the one confirmation is sent to it, and
    /// a contact created or imported later with this number starts opted out.
    /// </summary>
    public DateTimeOffset? OptedOutAt { get; set; }

    /// <summary>"sms-keyword" or "whatsapp-keyword".</summary>
    public string? OptOutSource { get; set; }
}

internal sealed class UnknownSenderConfiguration : IEntityTypeConfiguration<UnknownSender>
{
    public void Configure(EntityTypeBuilder<UnknownSender> entity)
    {
        entity.ToTable("UnknownSenders");
        entity.Property(u => u.Phone).HasMaxLength(64);
        entity.Property(u => u.ProfileName).HasMaxLength(256);
        entity.Property(u => u.OptOutSource).HasMaxLength(100);
        entity.HasIndex(u => u.Phone).IsUnique();
        entity.HasIndex(u => u.LastSeenAt);
    }
}
