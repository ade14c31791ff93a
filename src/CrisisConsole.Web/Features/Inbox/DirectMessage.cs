using CrisisConsole.Web.Features.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>Why a one-to-one message was sent.</summary>
public enum DirectMessageKind
{
    /// <summary>Typed (or picked as a template) by a responder.</summary>
    Reply,

    /// <summary>Thanks someone for answering a check-in.</summary>
    Acknowledgement,

    OptOutConfirmation,
    OptInConfirmation,

    /// <summary>An admin-defined keyword's answer (shelter locations, for example).</summary>
    AutoReply,
}

/// <summary>
/// A message to one person outside any broadcast: a responder's reply, an acknowledgement, a STOP/START
/// confirmation or a keyword auto-reply. Its <see cref="Delivery"/> (with no broadcast) carries the channel,
/// provider id and status like any other delivery; this row keeps what was said and why, for the
/// conversation view.
/// </summary>
public sealed class DirectMessage
{
    public const int TextMaxLength = 4096;

    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int? ContactId { get; set; }

    /// <summary>E.164 of the recipient (also on the delivery); lets unknown senders be answered.</summary>
    public string ToAddress { get; set; } = "";

    public DirectMessageKind Kind { get; set; }

    /// <summary>The text as sent (free text, or the rendered template).</summary>
    public string Text { get; set; } = "";

    /// <summary>Set when the message went as a WhatsApp template (outside the 24-hour window).</summary>
    public string? TemplateName { get; set; }

    /// <summary>
    /// The provider's template reference and its parameters (<see cref="DirectMessageContent"/> as JSON) when
    /// it goes as a WhatsApp template; null for free text. Stored so the sender sends exactly what was checked.
    /// </summary>
    public string? ContentJson { get; set; }

    /// <summary>The inbound message this answers, if any.</summary>
    public long? InReplyToInboundMessageId { get; set; }

    /// <summary>"system" for automatic messages; otherwise the responder.</summary>
    public string SentById { get; set; } = "system";
    public string SentByName { get; set; } = "system";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class DirectMessageConfiguration : IEntityTypeConfiguration<DirectMessage>
{
    public void Configure(EntityTypeBuilder<DirectMessage> entity)
    {
        entity.ToTable("DirectMessages");
        entity.Property(m => m.ToAddress).HasMaxLength(64);
        entity.Property(m => m.Text).HasMaxLength(DirectMessage.TextMaxLength);
        entity.Property(m => m.TemplateName).HasMaxLength(100);
        entity.Property(m => m.ContentJson).HasMaxLength(DirectMessageContent.MaxJsonLength);
        entity.Property(m => m.SentById).HasMaxLength(128);
        entity.Property(m => m.SentByName).HasMaxLength(256);
        entity.HasIndex(m => m.DeliveryId).IsUnique();
        entity.HasIndex(m => new { m.ContactId, m.CreatedAt });
        entity.HasIndex(m => new { m.ToAddress, m.CreatedAt });
        entity.HasIndex(m => m.InReplyToInboundMessageId);
        entity.HasOne<Delivery>().WithMany().HasForeignKey(m => m.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<InboundMessage>().WithMany().HasForeignKey(m => m.InReplyToInboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
