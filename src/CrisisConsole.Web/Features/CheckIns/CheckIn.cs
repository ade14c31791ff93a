using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.CheckIns;

public enum CheckInAnswer
{
    Safe,
    NeedsHelp,
}

/// <summary>
/// A contact's current answer to one check-in broadcast: one row per (broadcast, contact), and the
/// answer the person gave last wins. Every answer, including ones that lost, is kept in
/// <see cref="CheckInChange"/>. Written only by <see cref="CheckInRecorder"/>.
/// </summary>
public sealed class CheckIn
{
    public long Id { get; set; }
    public int BroadcastId { get; set; }
    public int ContactId { get; set; }
    public CheckInAnswer Answer { get; set; }

    /// <summary>When the person answered (the provider's time when it gives one); decides which answer is the latest.</summary>
    public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>The message that gave the current answer.</summary>
    public long InboundMessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CheckInChange> Changes { get; set; } = [];
}

/// <summary>
/// One answer in the history of a check-in. <see cref="Applied"/> is false for an answer that arrived
/// after a later one (providers do not promise order): it is kept, but the later answer stays current.
/// </summary>
public sealed class CheckInChange
{
    public long Id { get; set; }
    public long CheckInId { get; set; }

    /// <summary>The current answer before this one; null for the first.</summary>
    public CheckInAnswer? From { get; set; }

    public CheckInAnswer To { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public bool Applied { get; set; }

    /// <summary>Unique: an inbound message is one answer, recorded once.</summary>
    public long InboundMessageId { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> entity)
    {
        entity.ToTable("CheckIns");
        entity.HasIndex(c => new { c.BroadcastId, c.ContactId }).IsUnique();
        // The dashboard's answer filter and its safe-per-minute chart read this index alone.
        entity.HasIndex(c => new { c.BroadcastId, c.Answer, c.AnsweredAt });
        entity.HasIndex(c => c.ContactId);
        entity.HasOne<Broadcast>().WithMany().HasForeignKey(c => c.BroadcastId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<InboundMessage>().WithMany().HasForeignKey(c => c.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        entity.HasMany(c => c.Changes).WithOne().HasForeignKey(h => h.CheckInId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CheckInChangeConfiguration : IEntityTypeConfiguration<CheckInChange>
{
    public void Configure(EntityTypeBuilder<CheckInChange> entity)
    {
        entity.ToTable("CheckInChanges");
        entity.HasIndex(h => h.InboundMessageId).IsUnique();
        entity.HasOne<InboundMessage>().WithMany().HasForeignKey(h => h.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
