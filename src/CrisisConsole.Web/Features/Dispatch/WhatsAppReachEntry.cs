using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// One person WhatsApp counted against the daily reach limit: a business-initiated (template) message
/// went to them outside their 24-hour window at <see cref="CountedAt"/>. They count until 24 hours
/// after that; messaging them again within that time costs nothing more.
/// </summary>
public sealed class WhatsAppReachEntry
{
    /// <summary>E.164.</summary>
    public string Address { get; set; } = "";

    public DateTimeOffset CountedAt { get; set; }
}

internal sealed class WhatsAppReachEntryConfiguration : IEntityTypeConfiguration<WhatsAppReachEntry>
{
    public void Configure(EntityTypeBuilder<WhatsAppReachEntry> entity)
    {
        entity.ToTable("WhatsAppReachEntries");
        entity.HasKey(e => e.Address);
        entity.Property(e => e.Address).HasMaxLength(32);
        entity.HasIndex(e => e.CountedAt);
    }
}
