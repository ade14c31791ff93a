using CrisisConsole.Web.Features.Contacts;

namespace CrisisConsole.Web.Features.Segments;

/// <summary>What the segment editor holds. <see cref="ToRule"/> normalises it; invalid languages are reported per field.</summary>
public sealed class SegmentInput
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public IEnumerable<string> Groups { get; set; } = [];
    public IEnumerable<string> Tags { get; set; } = [];
    public IEnumerable<string> Zones { get; set; } = [];
    public IEnumerable<string> Languages { get; set; } = [];
    public bool IncludeWithoutOptIn { get; set; }

    public static SegmentInput From(Segment segment) => new()
    {
        Name = segment.Name,
        Description = segment.Description,
        Groups = segment.Groups.ToList(),
        Tags = segment.Tags.ToList(),
        Zones = segment.Zones.ToList(),
        Languages = segment.Languages.ToList(),
        IncludeWithoutOptIn = segment.IncludeWithoutOptIn,
    };

    /// <summary>The rule as typed, ignoring languages that are not valid tags (the count shows what would be saved).</summary>
    public SegmentRule ToRule() => ToRule(out _);

    public SegmentRule ToRule(out string? languageError)
    {
        languageError = null;
        var languages = new List<string>();
        foreach (var text in Languages)
        {
            if (LanguageTag.TryNormalize(text, out var tag, out var error))
            {
                if (!languages.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    languages.Add(tag);
                }
            }
            else
            {
                languageError ??= error;
            }
        }

        return new SegmentRule(
            ContactLabel.Normalize(Groups ?? []),
            ContactLabel.Normalize(Tags ?? []),
            ContactLabel.Normalize(Zones ?? []),
            languages,
            IncludeWithoutOptIn);
    }

    public Dictionary<string, string> Validate(out SegmentRule rule)
    {
        var errors = new Dictionary<string, string>();
        rule = ToRule(out var languageError);
        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(Name)] = "Give the segment a name.";
        }
        else if (name.Length > Segment.NameMaxLength)
        {
            errors[nameof(Name)] = $"The name is longer than {Segment.NameMaxLength} characters.";
        }

        if (Description?.Trim().Length > 500)
        {
            errors[nameof(Description)] = "The description is longer than 500 characters.";
        }

        if (languageError is not null)
        {
            errors[nameof(Languages)] = languageError;
        }

        return errors;
    }
}
