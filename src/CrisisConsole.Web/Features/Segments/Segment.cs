using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisConsole.Web.Features.Segments;

/// <summary>
/// A saved rule over contacts, resolved by <see cref="SegmentResolver"/> when it is counted, listed or
/// used by a broadcast. The rule is kept as four small lists (JSON columns); membership is never stored,
/// so a segment always reflects the contacts as they are now.
/// </summary>
public sealed class Segment
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    public List<string> Groups { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public List<string> Zones { get; set; } = [];
    public List<string> Languages { get; set; } = [];

    /// <summary>Also include contacts whose consent is unknown. Opted-out contacts are never included.</summary>
    public bool IncludeWithoutOptIn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Soft delete, so broadcasts that named the segment still show what they were sent to.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public SegmentRule Rule => new(Groups, Tags, Zones, Languages, IncludeWithoutOptIn);
}

/// <summary>
/// Who a segment selects. Within one list any value matches (Staff or Field responders); across lists
/// every non-empty list must match (Staff AND in North). An empty rule matches every contact.
/// A language matches its regional forms too: "fr" selects "fr" and "fr-CA".
/// </summary>
public sealed record SegmentRule(
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Zones,
    IReadOnlyList<string> Languages,
    bool IncludeWithoutOptIn = false)
{
    public static readonly SegmentRule Everyone = new([], [], [], []);

    public bool IsEveryone => Groups.Count == 0 && Tags.Count == 0 && Zones.Count == 0 && Languages.Count == 0;

    public string Describe()
    {
        var parts = new List<string>();
        if (Groups.Count > 0) parts.Add("groups " + string.Join(" or ", Groups));
        if (Tags.Count > 0) parts.Add("tags " + string.Join(" or ", Tags));
        if (Zones.Count > 0) parts.Add("zones " + string.Join(" or ", Zones));
        if (Languages.Count > 0) parts.Add("languages " + string.Join(" or ", Languages));
        var who = parts.Count == 0 ? "everyone" : string.Join("; ", parts);
        return who + (IncludeWithoutOptIn ? " (opted in or unknown consent)" : " (opted in only)");
    }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> entity)
    {
        entity.ToTable("Segments");
        entity.Property(s => s.Name).HasMaxLength(Segment.NameMaxLength).UseCollation("NOCASE");
        entity.Property(s => s.Description).HasMaxLength(500);
        entity.Property(s => s.CreatedBy).HasMaxLength(256);
        entity.Ignore(s => s.Rule);
        entity.HasIndex(s => s.Name).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
    }
}
