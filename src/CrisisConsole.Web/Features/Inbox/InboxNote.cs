using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>A responder's internal note on an inbox item. Never sent to the person.</summary>
public sealed class InboxNote
{
    public const int TextMaxLength = 4000;

    public long Id { get; set; }
    public long InboundMessageId { get; set; }
    public string AuthorId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class InboxNoteConfiguration : IEntityTypeConfiguration<InboxNote>
{
    public void Configure(EntityTypeBuilder<InboxNote> entity)
    {
        entity.ToTable("InboxNotes");
        entity.Property(n => n.AuthorId).HasMaxLength(128);
        entity.Property(n => n.AuthorName).HasMaxLength(256);
        entity.Property(n => n.Text).HasMaxLength(InboxNote.TextMaxLength);
        entity.HasIndex(n => n.InboundMessageId);
        entity.HasOne<InboundMessage>().WithMany().HasForeignKey(n => n.InboundMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
