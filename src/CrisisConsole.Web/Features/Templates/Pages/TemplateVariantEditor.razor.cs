using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Templates.Pages;

public partial class TemplateVariantEditor
{
    [Parameter, EditorRequired]
    public required VariantDraft Draft { get; set; }

    [Parameter]
    public VariantDraft? DefaultVariant { get; set; }

    [Parameter]
    public bool IsDefault { get; set; }

    [Parameter]
    public IReadOnlyList<string> Variables { get; set; } = [];

    [Parameter]
    public EventCallback OnChanged { get; set; }

    [Parameter]
    public EventCallback OnRemove { get; set; }

    private Task NotifyAsync() => OnChanged.InvokeAsync();

    // Reply ids are uppercase everywhere (SAFE, HELP); spare the Admin the error for typing "safe".
    private Task PayloadChangedAsync(QuickReply reply)
    {
        reply.Payload = (reply.Payload ?? "").ToUpperInvariant();
        return NotifyAsync();
    }

    private Task AddReplyAsync()
    {
        // Offer the default language's id for the same position, so the languages stay aligned.
        var payload = DefaultVariant is not null && !ReferenceEquals(DefaultVariant, Draft) && DefaultVariant.QuickReplies.Count > Draft.QuickReplies.Count
            ? DefaultVariant.QuickReplies[Draft.QuickReplies.Count].Payload
            : "";
        Draft.QuickReplies.Add(new QuickReply { Payload = payload });
        return NotifyAsync();
    }

    private Task RemoveReplyAsync(int index)
    {
        Draft.QuickReplies.RemoveAt(index);
        return NotifyAsync();
    }

    private string PayloadHint(int index) =>
        DefaultVariant is not null && DefaultVariant.QuickReplies.Count > index && !string.IsNullOrEmpty(DefaultVariant.QuickReplies[index].Payload)
            ? DefaultVariant.QuickReplies[index].Payload
            : "e.g. SAFE";

    // Input names must be unique on the page and safe in an id.
    private static string Key(string language) => new string(language.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
