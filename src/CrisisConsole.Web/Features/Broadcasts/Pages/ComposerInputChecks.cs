using System.Text.Json;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Web.Features.Broadcasts.Pages;

/// <summary>The composer's bookkeeping that is not about rendering.</summary>
internal static class ComposerInputChecks
{
    /// <summary>
    /// What a preview shows depends on: blank variables, trimming and order do not count as changes, nor do
    /// the fallback delay and the incident number, which the preview does not show.
    /// </summary>
    public static string Fingerprint(BroadcastInput value) => JsonSerializer.Serialize(new
    {
        value.TemplateId,
        Variables = value.Variables.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value.Trim()),
        Segments = value.SegmentIds.Distinct().Order(),
        value.ChannelPolicy,
        value.IsDrill,
        value.ScheduledFor,
    });

    /// <summary>
    /// A draft can outlive its template (retired) or a segment (deleted); neither can be chosen on the page
    /// any more, so they are taken out, and the returned note says so, rather than leaving an error that
    /// cannot be fixed. Null when nothing was taken out.
    /// </summary>
    public static string? DropWhatNoLongerExists(BroadcastInput input, ref MessageTemplate? template, IReadOnlySet<int> liveSegmentIds)
    {
        var notes = new List<string>();
        if (template is { IsRetired: true })
        {
            notes.Add($"The template {template.Name} has been retired; choose another.");
            template = null;
            input.TemplateId = null;
        }

        var gone = input.SegmentIds.Count(id => !liveSegmentIds.Contains(id));
        if (gone > 0)
        {
            input.SegmentIds = input.SegmentIds.Where(liveSegmentIds.Contains).ToList();
            notes.Add(gone == 1 ? "A segment of this draft has been deleted and was taken out." : $"{gone} segments of this draft have been deleted and were taken out.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}
