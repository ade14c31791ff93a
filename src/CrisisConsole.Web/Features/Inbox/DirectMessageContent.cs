using System.Text.Json;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// What a direct message sends when it is not free text: a Twilio Content template (ContentSid and
/// variables) or a Meta template (name, language and body parameters). Kept on the
/// <see cref="DirectMessage"/> as JSON.
/// </summary>
public sealed record DirectMessageContent(
    string? TwilioContentSid = null,
    Dictionary<string, string>? TwilioVariables = null,
    string? MetaTemplateName = null,
    string? MetaLanguage = null,
    List<string>? MetaParameters = null)
{
    public const int MaxJsonLength = 8000;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static DirectMessageContent? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DirectMessageContent>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The message for the gateway (To and CorrelationId filled by the caller).</summary>
    public static OutboundMessage Message(string to, string text, DirectMessageContent? content) => content switch
    {
        { TwilioContentSid: { } sid } => new OutboundMessage { To = to, TwilioContent = new TwilioContentTemplate(sid, content.TwilioVariables) },
        { MetaTemplateName: { } name } => new OutboundMessage { To = to, MetaTemplate = new MetaMessageTemplate(name, content.MetaLanguage ?? "en", content.MetaParameters) },
        _ => new OutboundMessage { To = to, Text = text },
    };
}
