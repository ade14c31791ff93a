using System.Text.Json;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>A POST /{phone-number-id}/messages body that passed validation.</summary>
internal sealed record MetaSendRequest(
    string Input,
    string Recipient,
    string Type,
    string? Text,
    IReadOnlyList<QuickReplyButton> Buttons,
    ButtonStyle ButtonStyle,
    string? TemplateCategory,
    string? BizOpaqueCallbackData)
{
    public const int MaxTextLength = 4096;
    public const int MaxButtonTitle = 20;
    public const int MaxButtonId = 256;
    public const int MaxCaption = 1024;
    public const int MaxOpaqueData = 512;

    private static readonly HashSet<string> KnownTypes =
        ["text", "image", "audio", "video", "document", "sticker", "location", "contacts", "interactive", "template", "reaction"];

    public bool IsTemplate => Type == "template";

    public string WaId => Recipient.TrimStart('+');

    /// <summary>Validates the body per type, as the Cloud API does. Returns the error, if any.</summary>
    public static MetaError? TryParse(JsonElement root, MetaBehaviour behaviour, out MetaSendRequest? request)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return MetaErrors.InvalidParameter("The request body must be a JSON object.");
        }

        if (StringOf(root, "messaging_product") is not { } product)
        {
            return MetaErrors.InvalidParameter("The parameter messaging_product is required.");
        }

        if (product != "whatsapp")
        {
            return MetaErrors.InvalidParameter("Param messaging_product must be one of {WHATSAPP} - got \"" + product + "\".");
        }

        if (StringOf(root, "to") is not { Length: > 0 } to)
        {
            return MetaErrors.InvalidParameter("The parameter to is required.");
        }

        // Meta accepts the number with or without "+"; without it, the digits carry the country code.
        if (!E164.TryNormalize(to.StartsWith('+') ? to : "+" + to, out var recipient, out _))
        {
            return MetaErrors.InvalidValue($"Invalid parameter 'to': {to} is not a valid phone number.");
        }

        var type = StringOf(root, "type") ?? "text";
        if (!KnownTypes.Contains(type))
        {
            return MetaErrors.InvalidParameter($"Param type must be one of {{{string.Join(", ", KnownTypes.Select(t => t.ToUpperInvariant()))}}} - got \"{type}\".");
        }

        var opaque = StringOf(root, "biz_opaque_callback_data");
        if (opaque is { Length: > MaxOpaqueData })
        {
            return MetaErrors.InvalidParameter($"Param biz_opaque_callback_data must be at most {MaxOpaqueData} characters long.");
        }

        string? text = null;
        IReadOnlyList<QuickReplyButton> buttons = [];
        var style = ButtonStyle.None;
        string? category = null;
        var error = type switch
        {
            "text" => ParseText(root, out text),
            "interactive" => ParseInteractive(root, out text, out buttons, out style),
            "template" => ParseTemplate(root, behaviour, out buttons, out style, out category),
            "location" => ParseLocation(root),
            "image" or "audio" or "video" or "document" or "sticker" => ParseMedia(root, type, out text),
            _ => root.TryGetProperty(type, out _) ? null : MetaErrors.InvalidParameter($"The parameter {type} is required."),
        };

        if (error is not null)
        {
            return error;
        }

        request = new MetaSendRequest(to, recipient, type, text, buttons, style, category, opaque);
        return null;
    }

    private static MetaError? ParseText(JsonElement root, out string? text)
    {
        text = root.TryGetProperty("text", out var t) ? StringOf(t, "body") : null;
        if (string.IsNullOrEmpty(text))
        {
            return MetaErrors.InvalidParameter("The parameter text['body'] is required.");
        }

        return text.Length > MaxTextLength
            ? MetaErrors.InvalidParameter($"Param text['body'] must be at most {MaxTextLength} characters long.")
            : null;
    }

    private static MetaError? ParseInteractive(JsonElement root, out string? text, out IReadOnlyList<QuickReplyButton> buttons, out ButtonStyle style)
    {
        text = null;
        buttons = [];
        style = ButtonStyle.None;
        if (!root.TryGetProperty("interactive", out var interactive) || interactive.ValueKind != JsonValueKind.Object)
        {
            return MetaErrors.InvalidParameter("The parameter interactive is required.");
        }

        text = interactive.TryGetProperty("body", out var body) ? StringOf(body, "text") : null;
        if (text is { Length: > 1024 })
        {
            return MetaErrors.InvalidParameter("Param interactive['body']['text'] must be at most 1024 characters long.");
        }

        var kind = StringOf(interactive, "type");
        if (kind != "button")
        {
            // Lists and other interactive kinds are accepted without a deeper check.
            return kind is null ? MetaErrors.InvalidParameter("The parameter interactive['type'] is required.") : null;
        }

        if (string.IsNullOrEmpty(text))
        {
            return MetaErrors.InvalidParameter("The parameter interactive['body']['text'] is required.");
        }

        if (!interactive.TryGetProperty("action", out var action) || !action.TryGetProperty("buttons", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return MetaErrors.InvalidParameter("The parameter interactive['action']['buttons'] is required.");
        }

        var parsed = new List<QuickReplyButton>();
        foreach (var button in list.EnumerateArray())
        {
            var reply = button.TryGetProperty("reply", out var r) ? r : default;
            var id = reply.ValueKind == JsonValueKind.Object ? StringOf(reply, "id") : null;
            var title = reply.ValueKind == JsonValueKind.Object ? StringOf(reply, "title") : null;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(title))
            {
                return MetaErrors.InvalidParameter("Each button needs reply['id'] and reply['title'].");
            }

            if (title.Length > MaxButtonTitle)
            {
                return MetaErrors.InvalidParameter($"Param interactive['action']['buttons'][{parsed.Count}]['reply']['title'] must be at most {MaxButtonTitle} characters long.");
            }

            if (id.Length > MaxButtonId)
            {
                return MetaErrors.InvalidParameter($"Param interactive['action']['buttons'][{parsed.Count}]['reply']['id'] must be at most {MaxButtonId} characters long.");
            }

            parsed.Add(new QuickReplyButton { Id = id, Title = title });
        }

        if (parsed.Count is < 1 or > 3)
        {
            return MetaErrors.InvalidParameter($"Param interactive['action']['buttons'] must have between 1 and 3 elements (it has {parsed.Count}).");
        }

        if (parsed.Select(b => b.Title).Distinct(StringComparer.Ordinal).Count() != parsed.Count ||
            parsed.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count() != parsed.Count)
        {
            return MetaErrors.InvalidValue("Button titles and ids must be unique.");
        }

        buttons = parsed;
        style = ButtonStyle.MetaInteractive;
        return null;
    }

    private static MetaError? ParseTemplate(JsonElement root, MetaBehaviour behaviour, out IReadOnlyList<QuickReplyButton> buttons, out ButtonStyle style, out string? category)
    {
        buttons = [];
        style = ButtonStyle.None;
        category = null;
        if (!root.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.Object)
        {
            return MetaErrors.InvalidParameter("The parameter template is required.");
        }

        var name = StringOf(template, "name");
        var language = template.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.Object ? StringOf(l, "code") : null;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(language))
        {
            return MetaErrors.InvalidParameter("The parameters template['name'] and template['language']['code'] are required.");
        }

        var known = MetaTemplateRegistry.Find(behaviour, name, language);
        if (known is null)
        {
            return MetaErrors.TemplateMissing(name, language);
        }

        if (known.Status == MetaTemplateStatus.Paused)
        {
            return MetaErrors.TemplatePaused(name);
        }

        if (known.Status == MetaTemplateStatus.Disabled)
        {
            return MetaErrors.TemplateDisabled(name);
        }

        var bodyParameters = 0;
        var payloads = new Dictionary<int, string>();
        if (template.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in components.EnumerateArray())
            {
                var componentType = StringOf(component, "type");
                var parameters = component.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array ? p : default;
                if (componentType == "body" && parameters.ValueKind == JsonValueKind.Array)
                {
                    bodyParameters += parameters.GetArrayLength();
                }
                else if (componentType == "button" && StringOf(component, "sub_type") == "quick_reply" && parameters.ValueKind == JsonValueKind.Array)
                {
                    var index = int.TryParse(StringOf(component, "index"), out var i) ? i : payloads.Count;
                    var payload = parameters.EnumerateArray().Select(x => StringOf(x, "payload")).FirstOrDefault(x => x is not null);
                    if (payload is not null)
                    {
                        payloads[index] = payload;
                    }
                }
            }
        }

        if (bodyParameters != known.BodyParameters)
        {
            return MetaErrors.TemplateParamCount("body", bodyParameters, known.BodyParameters);
        }

        // Quick replies answer with the payload the send carried, or the title when it carried none.
        var titles = known.QuickReplies ?? [];
        buttons = [.. titles.Select((title, i) => new QuickReplyButton { Id = payloads.GetValueOrDefault(i) ?? title, Title = title })];
        style = buttons.Count > 0 ? ButtonStyle.MetaTemplate : ButtonStyle.None;
        category = known.Category;
        return null;
    }

    private static MetaError? ParseLocation(JsonElement root)
    {
        if (!root.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object)
        {
            return MetaErrors.InvalidParameter("The parameter location is required.");
        }

        return location.TryGetProperty("latitude", out _) && location.TryGetProperty("longitude", out _)
            ? null
            : MetaErrors.InvalidParameter("The parameters location['latitude'] and location['longitude'] are required.");
    }

    private static MetaError? ParseMedia(JsonElement root, string type, out string? caption)
    {
        caption = null;
        if (!root.TryGetProperty(type, out var media) || media.ValueKind != JsonValueKind.Object)
        {
            return MetaErrors.InvalidParameter($"The parameter {type} is required.");
        }

        var hasId = StringOf(media, "id") is not null;
        var hasLink = StringOf(media, "link") is not null;
        if (hasId == hasLink)
        {
            return MetaErrors.InvalidParameter($"Param {type} must have exactly one of 'id' or 'link'.");
        }

        caption = StringOf(media, "caption");
        return caption is { Length: > MaxCaption }
            ? MetaErrors.InvalidParameter($"Param {type}['caption'] must be at most {MaxCaption} characters long.")
            : null;
    }

    internal static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
